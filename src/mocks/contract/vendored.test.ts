// Codat's OpenAPI subsets are vendored here: whole, self-contained, traceable, and the same as
// the shared copy beside the project wherever that copy exists.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Tests run from the project root (under jsdom, import.meta.url is not a file URL).
const HERE = resolve(process.cwd(), 'src/mocks/contract')
const SHARED = resolve(process.cwd(), '../shared/codat')
const UPSTREAM_COMMIT = '1d1fab12d2d20a2b5e5f09a9d18401face690e90'

type Json = Record<string, unknown>
const read = (file: string) => readFileSync(resolve(HERE, file), 'utf8')
const parse = (file: string) => JSON.parse(read(file)) as Json

/** Every `$ref` in the document, each a JSON pointer into the same file. */
function refsOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => refsOf(item, found))
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value)
      else refsOf(value, found)
    }
  }
  return found
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part.replaceAll('~1', '/').replaceAll('~0', '~')))
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Json)[key] : undefined),
      doc,
    )
}

const operationIds = (doc: Json) =>
  Object.values(doc.paths as Record<string, Json>).flatMap((item) =>
    Object.values(item)
      .map((op) => (op as { operationId?: string }).operationId)
      .filter((id): id is string => typeof id === 'string'),
  )

describe('the vendored Codat contract', () => {
  it('holds the eight operations the console calls, each $ref resolving inside the file', () => {
    const doc = parse('openapi-subset.json')
    expect(doc.openapi).toBe('3.1.0')
    expect(operationIds(doc).sort()).toEqual(
      [
        'get-company',
        'get-company-data-status',
        'get-pull-operation',
        'list-companies',
        'list-connections',
        'list-pull-operations',
        'refresh-company-data',
        'refresh-data-type',
      ].sort(),
    )
    const refs = [...refsOf(doc)]
    expect(refs.length).toBeGreaterThan(20)
    for (const ref of refs) expect(resolvePointer(doc, ref), ref).toBeDefined()
  })

  it('holds the webhook events a sync console reacts to, each $ref resolving inside the file', () => {
    const doc = parse('webhooks-subset.json')
    expect(Object.keys(doc.webhooks as Json)).toEqual(
      expect.arrayContaining([
        'read.completed',
        'connection.disconnected',
        'company.deleted',
        'client.rateLimit.reached',
      ]),
    )
    expect(Object.keys(doc.webhooks as Json)).toHaveLength(12)
    for (const ref of refsOf(doc)) expect(resolvePointer(doc, ref), ref).toBeDefined()
  })

  it.each(['openapi-subset', 'webhooks-subset'])(
    '%s.json is the shared copy where one sits beside the project, and names its upstream commit',
    (name) => {
      const note = read(`${name}.source.md`)
      expect(note).toContain('github.com/codatio/oas')
      expect(note).toContain('json/Codat-Platform.json')
      expect(note).toContain(UPSTREAM_COMMIT)
      const shared = resolve(SHARED, `${name}.json`)
      if (existsSync(SHARED)) {
        // A drifted copy fails here: refresh the vendored file and its note together.
        expect(read(`${name}.json`), `differs from ${shared}`).toBe(readFileSync(shared, 'utf8'))
      } else {
        // No shared copy (a clone on its own): the vendored file still parses and is the subset.
        expect(parse(`${name}.json`)).toMatchObject({ openapi: '3.1.0' })
      }
    },
  )

  it('the operations subset says which upstream commit it was cut from', () => {
    const info = parse('openapi-subset.json').info as Json
    expect(info['x-codat-subset-of']).toMatchObject({
      repo: 'codatio/oas',
      path: 'json/Codat-Platform.json',
      commit: UPSTREAM_COMMIT,
    })
  })
})

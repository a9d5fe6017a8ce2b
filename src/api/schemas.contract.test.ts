// The zod schemas against Codat's published contract: every example must parse.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { DATA_TYPES, PULL_OPERATION_STATUSES } from '../lib/status-groups.ts'
import {
  codatDateSchema,
  companiesSchema,
  companySchema,
  connectionSchema,
  connectionsSchema,
  dataStatusesSchema,
  dataStatusSchema,
  errorMessageSchema,
  linksSchema,
  pagingInfoSchema,
  pullOperationSchema,
  pullOperationsSchema,
} from './schemas.ts'

type Json = Record<string, unknown>

// The vendored copy of Codat's OpenAPI subset (src/mocks/contract/). Tests run from the
// project root (under jsdom, import.meta.url is not a file URL).
const specPath = resolve(process.cwd(), 'src/mocks/contract/openapi-subset.json')
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Json

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Walks object keys and array indexes; undefined where the path does not exist. */
function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((node, key) => {
    if (Array.isArray(node)) return (node as unknown[])[Number(key)]
    return isObject(node) ? node[key] : undefined
  }, value)
}

/** Follows a local `$ref` such as `#/components/responses/Not-Found`. */
function deref(node: unknown): unknown {
  const ref = at(node, '$ref')
  if (typeof ref !== 'string') return node
  return deref(at(spec, ...ref.replace(/^#\//, '').split('/')))
}

/** Both OpenAPI spellings: `example` and `examples` (an array, or named `{ value }` objects). */
function examplesOf(node: unknown): unknown[] {
  const found: unknown[] = []
  if (isObject(node) && 'example' in node) found.push(node.example)
  const examples = at(node, 'examples')
  if (Array.isArray(examples)) found.push(...(examples as unknown[]))
  else if (isObject(examples))
    for (const named of Object.values(examples)) found.push(at(named, 'value'))
  return found
}

const BY_COMPONENT: Record<string, z.ZodType> = {
  Companies: companiesSchema,
  Company: companySchema,
  Connection: connectionSchema,
  Connections: connectionsSchema,
  DataStatus: dataStatusSchema,
  DataStatuses: dataStatusesSchema,
  DateTime: codatDateSchema,
  ErrorMessage: errorMessageSchema,
  PagingInfo: pagingInfoSchema,
  PullOperation: pullOperationSchema,
  PullOperations: pullOperationsSchema,
}

const OPERATIONS = [
  ['get', '/companies'],
  ['get', '/companies/{companyId}'],
  ['get', '/companies/{companyId}/connections'],
  ['get', '/companies/{companyId}/dataStatus'],
  ['post', '/companies/{companyId}/data/all'],
  ['post', '/companies/{companyId}/data/queue/{dataType}'],
  ['get', '/companies/{companyId}/data/history'],
  ['get', '/companies/{companyId}/data/history/{datasetId}'],
] as const

interface Case {
  where: string
  schema: z.ZodType
  example: unknown
}

function componentCases(): Case[] {
  const cases: Case[] = []
  for (const [name, schema] of Object.entries(BY_COMPONENT)) {
    const component = at(spec, 'components', 'schemas', name)
    examplesOf(component).forEach((example, i) =>
      cases.push({ where: `components.schemas.${name} example ${i}`, schema, example }),
    )
  }
  examplesOf(at(spec, 'components', 'schemas', 'PagingInfo', 'definitions', 'links')).forEach(
    (example, i) =>
      cases.push({ where: `PagingInfo links example ${i}`, schema: linksSchema, example }),
  )
  return cases
}

function responseCases(): Case[] {
  const cases: Case[] = []
  for (const [method, path] of OPERATIONS) {
    const responses = at(spec, 'paths', path, method, 'responses')
    if (!isObject(responses)) throw new Error(`${method} ${path} is missing from the spec`)
    for (const [code, ref] of Object.entries(responses)) {
      const content = at(deref(ref), 'content', 'application/json')
      if (content === undefined) continue
      const schemaRef = at(content, 'schema', '$ref')
      const name = typeof schemaRef === 'string' ? schemaRef.split('/').pop() : undefined
      const schema = name ? BY_COMPONENT[name] : undefined
      if (!schema)
        throw new Error(`${method} ${path} ${code}: no zod schema for ${String(schemaRef)}`)
      examplesOf(content).forEach((example, i) =>
        cases.push({
          where: `${method.toUpperCase()} ${path} ${code} example ${i}`,
          schema,
          example,
        }),
      )
    }
  }
  return cases
}

const cases = [...componentCases(), ...responseCases()]

describe('the contract’s examples', () => {
  it('are found in numbers (the walk is not vacuous)', () => {
    const responseCount = responseCases().length
    expect(componentCases().length).toBeGreaterThanOrEqual(8)
    // 8 operations, most with seven shared error responses carrying examples.
    expect(responseCount).toBeGreaterThanOrEqual(60)
    expect(cases.some((c) => c.where.includes('/data/history 200'))).toBe(true)
    expect(cases.some((c) => c.where.includes('/dataStatus 200'))).toBe(true)
  })

  it.each(cases.map((c) => [c.where, c] as const))('%s parses', (_where, { schema, example }) => {
    const result = schema.safeParse(example)
    expect(result.error?.issues ?? []).toEqual([])
  })
})

describe('the schemas can still reject', () => {
  const pullOperationExample = at(spec, 'components', 'schemas', 'PullOperation', 'examples', '0')

  it('a pull operation without a required field', () => {
    if (!isObject(pullOperationExample)) throw new Error('PullOperation example missing')
    const required = at(spec, 'components', 'schemas', 'PullOperation', 'required')
    if (!Array.isArray(required)) throw new Error('PullOperation.required missing')
    expect(required.length).toBeGreaterThan(5)
    for (const field of required as string[]) {
      const { [field]: _dropped, ...mutated } = pullOperationExample
      const result = pullOperationSchema.safeParse(mutated)
      expect(result.success, `accepted a pull operation without ${field}`).toBe(false)
      expect(result.error?.issues[0]?.path).toEqual([field])
    }
  })

  it('a connection or company without a required field', () => {
    const connection = at(spec, 'components', 'schemas', 'Connection', 'example')
    if (!isObject(connection)) throw new Error('Connection example missing')
    const required = at(spec, 'components', 'schemas', 'Connection', 'required') as string[]
    for (const field of required) {
      const { [field]: _dropped, ...mutated } = connection
      expect(connectionSchema.safeParse(mutated).success, `without ${field}`).toBe(false)
    }
    const company = at(spec, 'components', 'schemas', 'Company', 'examples', '0')
    if (!isObject(company)) throw new Error('Company example missing')
    const { name: _name, ...nameless } = company
    expect(companySchema.safeParse(nameless).success).toBe(false)
  })

  it('a malformed date in an example', () => {
    if (!isObject(pullOperationExample)) throw new Error('PullOperation example missing')
    const result = pullOperationSchema.safeParse({
      ...pullOperationExample,
      requested: '14/11/2022',
    })
    expect(result.error?.issues[0]?.message).toBe('not a Codat date ("14/11/2022")')
  })
})

describe('the known lists match the contract', () => {
  it('has the same 21 statuses as PullOperation.status', () => {
    const statuses = at(
      spec,
      'components',
      'schemas',
      'PullOperation',
      'properties',
      'status',
      'enum',
    )
    expect(PULL_OPERATION_STATUSES).toEqual(statuses)
  })

  it('has the same 43 data types as DataStatus.dataType', () => {
    const types = at(spec, 'components', 'schemas', 'DataStatus', 'properties', 'dataType', 'enum')
    expect(DATA_TYPES).toEqual(types)
  })
})

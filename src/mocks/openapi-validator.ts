// Test support: compiles the Codat OpenAPI subset's response schemas with ajv, nullable included.
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * OpenAPI 3.0's `nullable` (which this 3.1 document still uses, often beside `$ref`) means
 * nothing to JSON Schema; rewrite it as a union with null so ajv enforces what the spec means.
 */
export function convertNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(convertNullable)
  if (!isObject(node)) return node
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'nullable') out[key] = convertNullable(value)
  }
  if (node.nullable !== true) return out
  if (typeof out.$ref === 'string') {
    const { $ref, ...rest } = out
    return { ...rest, anyOf: [{ $ref }, { type: 'null' }] }
  }
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    return out
  }
  return { anyOf: [out, { type: 'null' }] }
}

export interface ContractValidator {
  /** The validator for `components/schemas/<name>`. */
  schema(name: string): ValidateFunction
  /** The validator for an operation's response, following `$ref`s into `components/responses`. */
  response(path: string, method: string, status: string): ValidateFunction | undefined
  /** The response codes the spec declares for an operation. */
  declaredStatuses(path: string, method: string): string[]
}

function at(root: Json, pointer: string): Json | undefined {
  let node: Json | undefined = root
  for (const raw of pointer.replace(/^#\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    node = isObject(node) ? node[key] : undefined
  }
  return node
}

/**
 * `adjust` may patch the converted document before compiling, for documented conflicts
 * between the spec and Codat's actual behaviour.
 */
export function createContractValidator(
  spec: Json,
  adjust?: (doc: JsonObject) => void,
): ContractValidator {
  const doc = convertNullable(spec)
  if (!isObject(doc)) throw new Error('The OpenAPI document is not an object')
  adjust?.(doc)
  // strict: false tolerates `example`, `x-*`, `definitions` and other OpenAPI-only keywords.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
  addFormats(ajv)
  ajv.addSchema(doc, 'codat')
  const compile = (ref: string): ValidateFunction => {
    const validate = ajv.getSchema(`codat${ref}`)
    if (!validate) throw new Error(`No schema at ${ref}`)
    return validate
  }
  const operation = (path: string, method: string): JsonObject => {
    const op = at(doc, `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`)
    if (!isObject(op)) throw new Error(`The spec has no ${method.toUpperCase()} ${path}`)
    return op
  }
  return {
    schema: (name) => compile(`#/components/schemas/${name}`),
    declaredStatuses: (path, method) => {
      const responses = operation(path, method).responses
      return isObject(responses) ? Object.keys(responses) : []
    },
    response: (path, method, status) => {
      const responses = operation(path, method).responses
      let response = isObject(responses) ? responses[status] : undefined
      if (isObject(response) && typeof response.$ref === 'string') response = at(doc, response.$ref)
      const content = isObject(response) ? response.content : undefined
      const json = isObject(content) ? content['application/json'] : undefined
      const schema = isObject(json) ? json.schema : undefined
      if (!isObject(schema)) return undefined
      if (typeof schema.$ref !== 'string') throw new Error(`Inline schema at ${path} ${status}`)
      return compile(schema.$ref)
    },
  }
}

export type { Json, JsonObject }

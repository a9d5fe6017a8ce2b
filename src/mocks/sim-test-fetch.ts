// Test helper: fetch a simulated Codat path under /api and read the JSON body with a type.

export interface JsonReply<T> {
  status: number
  headers: Headers
  body: T
}

export async function getJson<T = unknown>(
  path: string,
  init?: RequestInit,
): Promise<JsonReply<T>> {
  const response = await fetch(`/api${path}`, init)
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  }
}

export interface PageJson<T> {
  results: T[]
  pageNumber: number
  pageSize: number
  totalResults: number
  _links: Record<string, { href: string }>
}

// @vitest-environment node
// A body nobody reads cannot hold a socket: 401, 404, 405 and 413 answers close the connection.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../../mocks/node.ts'
import { formatUserEntry } from '../auth/console-users.ts'
import { createWebhookRoute } from '../webhooks/webhook-route.ts'
import {
  allowLoopback,
  basic,
  openEndedRequest,
  startFakeCodat,
  startProxyServer,
  type FakeCodat,
  type ProxyServer,
} from '../testing/test-harness.ts'

const C = '8a210b68-6988-11ed-a1eb-0242ac120002'

let codat: FakeCodat
let proxy: ProxyServer

beforeEach(() => allowLoopback(server))
beforeAll(async () => {
  codat = await startFakeCodat()
  const users = await formatUserEntry('olivia', 'operator', 'operator-password-1')
  proxy = await startProxyServer(
    {
      CODAT_API_KEY: 'sk-test-UNREAD-1',
      CODAT_BASE_URL: codat.url,
      CONSOLE_USERS: users,
    },
    { routes: [createWebhookRoute(undefined, { secrets: [] })] },
  )
})
afterAll(async () => {
  await proxy.close()
  await codat.close()
})

const SIGNED_IN = `Authorization: ${basic('olivia', 'operator-password-1')}\r\n`

/** A request whose body never ends (see openEndedRequest), with when its socket closed. */
async function openEndedPost(
  path: string,
  { method = 'POST', headers = '' } = {},
): Promise<{ answer: string; ms: number }> {
  const { answer, closedMs } = await openEndedRequest(
    proxy.url,
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}`,
    5000,
  )
  return { answer, ms: closedMs }
}

describe('answers given before the body was read', () => {
  it('closes the connection after a 401 to an unauthenticated chunked body', async () => {
    const { answer, ms } = await openEndedPost(`/api/companies/${C}/data/all`)
    expect(answer).toMatch(/^HTTP\/1\.1 401 /)
    expect(answer).toMatch(/\r\nConnection: close\r\n/i)
    expect(answer).toMatch(/Sign in with your console user name and password/)
    expect(ms).toBeLessThan(1000)
  })

  it('closes after a 405 from the Codat allowlist and from a console route', async () => {
    const allowlist = await openEndedPost(`/api/companies/${C}`, {
      method: 'PUT',
      headers: SIGNED_IN,
    })
    expect(allowlist.answer).toMatch(/^HTTP\/1\.1 405 /)
    expect(allowlist.answer).toMatch(/\r\nConnection: close\r\n/i)
    expect(allowlist.ms).toBeLessThan(1000)

    const own = await openEndedPost('/healthz')
    expect(own.answer).toMatch(/^HTTP\/1\.1 405 /)
    expect(own.answer).toMatch(/\r\nConnection: close\r\n/i)
    expect(own.ms).toBeLessThan(1000)
  })

  it('closes after the 404 of an unconfigured webhook path, without reading the body', async () => {
    const { answer, ms } = await openEndedPost('/webhooks/codat')
    expect(answer).toMatch(/^HTTP\/1\.1 404 /)
    expect(answer).toMatch(/Webhooks are not configured/)
    expect(answer).toMatch(/\r\nConnection: close\r\n/i)
    expect(ms).toBeLessThan(1000)
  })

  it('closes after a 413 once a signed-in body passes the cap', async () => {
    const { answer, ms } = await openEndedPost(`/api/companies/${C}/data/all`, {
      headers: SIGNED_IN,
    })
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer).toMatch(/\r\nConnection: close\r\n/i)
    expect(ms).toBeLessThan(1000)
    expect(codat.requests).toHaveLength(0)
  })
})

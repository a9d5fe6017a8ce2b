// @vitest-environment node
// A body nobody reads cannot hold a socket: a failed sign-in closes the connection.
import { connect } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../../mocks/node'
import { formatUserEntry } from '../console-users.ts'
import {
  allowLoopback,
  startFakeCodat,
  startProxyServer,
  type FakeCodat,
  type ProxyServer,
} from '../test-harness.ts'

const C = '8a210b68-6988-11ed-a1eb-0242ac120002'

let codat: FakeCodat
let proxy: ProxyServer

beforeEach(() => allowLoopback(server))
beforeAll(async () => {
  codat = await startFakeCodat()
  const users = await formatUserEntry('olivia', 'operator', 'operator-password-1')
  proxy = await startProxyServer({
    CODAT_API_KEY: 'sk-test-UNREAD-1',
    CODAT_BASE_URL: codat.url,
    CONSOLE_USERS: users,
  })
})
afterAll(async () => {
  await proxy.close()
  await codat.close()
})

/** Sends headers and one chunk of a chunked body that never ends; resolves with what came back. */
function openEndedPost(path: string): Promise<{ answer: string; ms: number }> {
  const { port } = new URL(proxy.url)
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(Number(port), '127.0.0.1')
    let answer = ''
    const giveUp = setTimeout(() => {
      socket.destroy()
      reject(new Error(`socket still open after 5 s; got: ${answer.slice(0, 200)}`))
    }, 5000)
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(giveUp)
      resolve({ answer, ms: Date.now() - started })
    })
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n' +
        '400\r\n' +
        'x'.repeat(0x400) +
        '\r\n',
    )
  })
}

describe('answers given before the body was read', () => {
  it('closes the connection after a 401 to an unauthenticated chunked body', async () => {
    const { answer } = await openEndedPost(`/api/companies/${C}/data/all`)
    expect(answer).toMatch(/^HTTP\/1\.1 401 /)
    expect(answer).toMatch(/\r\nConnection: close\r\n/i)
    expect(answer).toMatch(/Sign in with your console user name and password/)
  })
})

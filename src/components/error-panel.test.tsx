import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CodatApiError, type CodatApiErrorInit } from '../api/client.ts'
import { getPullOperation } from '../api/refresh-data.ts'
import { server } from '../mocks/node.ts'
import { ErrorPanel } from './error-panel.tsx'

const COMPANY_ID = '446e3388-0a1b-452e-8ac6-62e69181297f'
const DATASET_ID = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b'

function httpError(status: number, init: Partial<CodatApiErrorInit> = {}) {
  return new CodatApiError({
    kind: 'http',
    method: 'GET',
    path: `/companies/${COMPANY_ID}/dataStatus`,
    status,
    message: `GET /companies/{companyId}/dataStatus failed: ${status}`,
    ...init,
  })
}

function rateLimited(seconds: number) {
  return httpError(429, {
    retryAfterMs: seconds * 1000,
    body: { error: 'Too many requests', correlationId: `corr-${seconds}` },
  })
}

describe('ErrorPanel countdown', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const advance = (ms: number) =>
    act(() => {
      vi.advanceTimersByTime(ms)
    })

  it('holds the retry back until Retry-After has passed, then allows it', () => {
    const onRetry = vi.fn()
    render(<ErrorPanel error={rateLimited(10)} what="data status" onRetry={onRetry} />)
    expect(screen.getByRole('button', { name: 'Retry in 10 s' })).toBeDisabled()
    expect(screen.getByRole('timer')).toHaveTextContent('wait 10 s before trying again')
    advance(4000)
    expect(screen.getByRole('button', { name: 'Retry in 6 s' })).toBeDisabled()
    advance(6000)
    const retry = screen.getByRole('button', { name: 'Retry' })
    expect(retry).toBeEnabled()
    expect(screen.queryByRole('timer')).not.toBeInTheDocument()
    act(() => retry.click())
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('names the time of day for a long Retry-After instead of counting seconds', () => {
    vi.setSystemTime(new Date(2026, 0, 5, 13, 3, 0))
    render(<ErrorPanel error={rateLimited(3600)} what="data status" onRetry={() => {}} />)
    // The time of day carries its zone's name ("14:03 GMT", "14:03 CET").
    expect(screen.getByRole('button', { name: /^Retry after 14:03 \S+$/ })).toBeDisabled()
    expect(screen.getByRole('timer')).toHaveTextContent(/wait until 14:03 \S+ before trying again/)
    advance(3600_000 - 90_000)
    expect(screen.getByRole('button', { name: 'Retry in 90 s' })).toBeDisabled()
  })

  it('starts a new countdown when a second 429 brings a new Retry-After', () => {
    const { rerender } = render(
      <ErrorPanel error={rateLimited(10)} what="data status" onRetry={() => {}} />,
    )
    advance(8000)
    expect(screen.getByRole('button', { name: 'Retry in 2 s' })).toBeInTheDocument()
    rerender(<ErrorPanel error={rateLimited(30)} what="data status" onRetry={() => {}} />)
    expect(screen.getByRole('button', { name: 'Retry in 30 s' })).toBeDisabled()
    expect(screen.getByText('corr-30')).toBeInTheDocument()
  })

  it('keeps counting down when the same error is shown again', () => {
    const error = rateLimited(10)
    const { rerender } = render(<ErrorPanel error={error} what="data status" onRetry={() => {}} />)
    advance(3000)
    rerender(<ErrorPanel error={error} what="data status" onRetry={() => {}} />)
    expect(screen.getByRole('button', { name: 'Retry in 7 s' })).toBeInTheDocument()
  })

  it('counts from when the error arrived, not from when the panel appeared', () => {
    render(
      <ErrorPanel
        error={rateLimited(10)}
        errorUpdatedAt={Date.now() - 4000}
        what="data status"
        onRetry={() => {}}
      />,
    )
    expect(screen.getByRole('button', { name: 'Retry in 6 s' })).toBeInTheDocument()
  })

  it('says a retry is already on its way while React Query waits out Retry-After', () => {
    render(<ErrorPanel error={rateLimited(5)} what="data status" onRetry={() => {}} isRetrying />)
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Still trying to load data status: rate limited (429)',
    )
    expect(screen.getByRole('timer')).toHaveTextContent('retrying automatically in 5 s')
  })
})

describe('ErrorPanel wording', () => {
  it('blames the API key for a 401', () => {
    render(<ErrorPanel error={httpError(401)} what="data status" />)
    expect(screen.getByRole('alert')).toHaveTextContent('not authorised (401)')
    expect(screen.getByRole('alert')).toHaveTextContent(/Codat refused the API key/)
  })

  it('names the key or role for a 403', () => {
    render(<ErrorPanel error={httpError(403)} what="data status" />)
    expect(screen.getByRole('alert')).toHaveTextContent(/API key or your role does not allow/)
  })

  it('says which thing does not exist for a 404', () => {
    render(<ErrorPanel error={httpError(404)} what="the company" />)
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Could not load the company: not found (404)',
    )
    expect(screen.getByRole('alert')).toHaveTextContent('Codat says the company does not exist.')
  })

  it("shows Codat's message and the correlation ID for a 500, and retries on click", async () => {
    const onRetry = vi.fn()
    const error = httpError(500, {
      body: { error: 'An unexpected error occurred.', correlationId: 'c0ffee-42' },
    })
    render(<ErrorPanel error={error} what="data status" onRetry={onRetry} />)
    expect(screen.getByRole('alert')).toHaveTextContent('Codat error (500)')
    expect(screen.getByRole('alert')).toHaveTextContent('An unexpected error occurred.')
    expect(screen.getByText('c0ffee-42')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('says a request the console held behind other requests was queued, not that Codat failed', async () => {
    const words =
      'Queued behind other requests for 15 s: your earlier calls to Codat did not finish in time, so this one was not sent'
    server.use(
      http.get('/api/companies/:companyId/data/history/:datasetId', () =>
        HttpResponse.json(
          {
            statusCode: 504,
            service: 'ConsoleProxy',
            error: words,
            correlationId: 'console-7',
            queuedMs: 15000,
          },
          { status: 504, headers: { 'X-Console-Queued-Ms': '15000', 'Retry-After': '5' } },
        ),
      ),
    )
    const error: unknown = await getPullOperation(COMPANY_ID, DATASET_ID).catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 504, queuedMs: 15000, retryAfterMs: 5000 })
    render(<ErrorPanel error={error} what="the pull operation" onRetry={() => undefined} />)
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent(
      'Could not load the pull operation: queued behind other requests (504)',
    )
    expect(alert).toHaveTextContent('It waited for 15 s behind other requests to Codat')
    expect(alert).toHaveTextContent(`The console said: ${words}`)
    expect(alert).toHaveTextContent('The console asked us to wait 5 s before trying again.')
    expect(alert).not.toHaveTextContent('Codat error')
    expect(screen.getByRole('button', { name: 'Retry in 5 s' })).toBeDisabled()
  })

  it('says a request refused because too many were waiting was not sent', () => {
    const error = httpError(503, {
      queuedMs: 0,
      retryAfterMs: 2000,
      body: { service: 'ConsoleProxy', error: 'Queued behind other requests: …' },
    })
    render(<ErrorPanel error={error} what="data status" />)
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Could not load data status: queued behind other requests (503)',
    )
    expect(screen.getByRole('alert')).toHaveTextContent(/so this one was not sent/)
  })

  it('keeps calling a 504 that was not queued a Codat error', () => {
    render(<ErrorPanel error={httpError(504)} what="data status" />)
    expect(screen.getByRole('alert')).toHaveTextContent('Codat error (504)')
    expect(screen.getByRole('alert')).not.toHaveTextContent('queued')
  })

  it('names the field of a response that does not match the contract', async () => {
    server.use(
      http.get('/api/companies/:companyId/data/history/:datasetId', () =>
        HttpResponse.json({
          id: DATASET_ID,
          companyId: COMPANY_ID,
          connectionId: DATASET_ID,
          dataType: 'invoices',
          status: 'Complete',
          requested: 'yesterday',
          progress: 100,
          isCompleted: true,
          isErrored: false,
        }),
      ),
    )
    const error: unknown = await getPullOperation(COMPANY_ID, DATASET_ID).catch((e: unknown) => e)
    render(<ErrorPanel error={error} what="the pull operation" />)
    expect(screen.getByRole('alert')).toHaveTextContent('unexpected answer at requested')
    expect(screen.getByRole('alert')).toHaveTextContent('not a Codat date ("yesterday")')
  })

  it('reports JSON that cannot be read at all', async () => {
    server.use(
      http.get(
        '/api/companies/:companyId/data/history/:datasetId',
        () => new HttpResponse('{"id":"3fa8', { headers: { 'Content-Type': 'application/json' } }),
      ),
    )
    const error: unknown = await getPullOperation(COMPANY_ID, DATASET_ID).catch((e: unknown) => e)
    render(<ErrorPanel error={error} what="the pull operation" />)
    expect(screen.getByRole('alert')).toHaveTextContent('expected JSON')
  })
})

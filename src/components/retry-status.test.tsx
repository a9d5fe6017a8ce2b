import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { companyQueries } from '../api/companies.ts'
import { createQueryClient } from '../app/query-client.ts'
import { world } from '../mocks/node.ts'
import { SEED } from '../mocks/seed.ts'
import { RetryStatus } from './retry-status.tsx'

function CompanyName({ companyId }: { companyId: string }) {
  const company = useQuery(companyQueries.detail(companyId))
  if (company.data) return <h1>{company.data.name}</h1>
  return (
    <RetryStatus
      what="company"
      failureCount={company.failureCount}
      failureReason={company.failureReason}
    />
  )
}

function renderWith(client: QueryClient) {
  return render(
    <QueryClientProvider client={client}>
      <CompanyName companyId={SEED.healthy.id} />
    </QueryClientProvider>,
  )
}

describe('RetryStatus', () => {
  it('says Codat is rate limiting, when it retries and which attempt comes, then shows the answer', async () => {
    world.setFault({ mode: 'rate-limit', retryAfterSeconds: 2, remaining: 1 })
    renderWith(createQueryClient())
    const status = await screen.findByText(/^Codat is rate limiting; retrying in [12] s/)
    expect(status).toHaveTextContent(/attempt 2 of 4$/)
    expect(status).toHaveAttribute('role', 'status')
    expect(
      await screen.findByRole('heading', { name: SEED.healthy.name }, { timeout: 4000 }),
    ).toBeInTheDocument()
  })

  it('says Codat is unavailable while a 503 is retried', async () => {
    world.setFault({ mode: 'unavailable', remaining: 1 })
    renderWith(createQueryClient())
    expect(
      await screen.findByText(/^Codat is unavailable; retrying in 1 s, attempt 2 of 4$/),
    ).toBeInTheDocument()
    expect(
      await screen.findByRole('heading', { name: SEED.healthy.name }, { timeout: 4000 }),
    ).toBeInTheDocument()
  })

  it('only says loading when no retry is waiting', () => {
    renderWith(new QueryClient({ defaultOptions: { queries: { retry: false } } }))
    expect(screen.getByRole('status')).toHaveTextContent('Loading company…')
  })
})

// When a running pull finishes, the company's own "Last sync" and its connections' change too:
// re-read them, so the header does not keep saying "21 hours ago" until a reload.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { companyKeys } from '../../api/companies.ts'

export function useRefreshWhenPullsFinish(companyId: string, runningCount: number): void {
  const queryClient = useQueryClient()
  const previous = useRef(runningCount)
  useEffect(() => {
    const hadMore = runningCount < previous.current
    previous.current = runningCount
    if (!hadMore) return
    // Exactly the company (name, lastSync, dataConnections) and its connection list: its
    // status and history have their own polling.
    void queryClient.invalidateQueries({ queryKey: companyKeys.detail(companyId), exact: true })
    void queryClient.invalidateQueries({
      queryKey: [...companyKeys.detail(companyId), 'connections'],
    })
  }, [companyId, runningCount, queryClient])
}

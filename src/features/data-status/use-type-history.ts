// One data type's recent pulls (a bounded page, newest first) and the progress polls have seen.
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { refreshQueries, type HistoryParams } from '../../api/refresh-data.ts'
import { buildQuery } from '../../lib/codat-query.ts'
import { statusGroup } from '../../lib/status-groups.ts'
import type { ProgressSample } from '../../lib/stuck-pull.ts'

/** Enough finished pulls for a p95 and a failure run, few enough for one quick request. */
export const TYPE_HISTORY_PAGE_SIZE = 100

/** Codat's history of one data type; undefined when the type's name cannot go in a query. */
export function typeHistoryParams(dataType: string): HistoryParams | undefined {
  try {
    const query = buildQuery([{ field: 'dataType', value: dataType }])
    return { page: 1, pageSize: TYPE_HISTORY_PAGE_SIZE, orderBy: '-requested', query }
  } catch {
    return undefined
  }
}

export function useTypeHistory(companyId: string, dataType: string) {
  const params = typeHistoryParams(dataType)
  const history = useQuery({
    ...refreshQueries.history(companyId, params ?? {}),
    enabled: params !== undefined,
  })
  const samples = useProgressSamples(history.data?.results, history.dataUpdatedAt)
  return { history, samples, isQueryable: params !== undefined }
}

/** Each poll's view of the running pulls, kept while the view is open, to spot one not moving. */
function useProgressSamples(
  operations: readonly { id: string; status: string; progress: number }[] | undefined,
  readAt: number,
): ProgressSample[] {
  const [log, setLog] = useState<{ readAt: number; samples: ProgressSample[] }>({
    readAt: 0,
    samples: [],
  })
  // Recorded while rendering a new read (React's "state from a changed prop" pattern), so each
  // poll adds its samples once, without an extra render pass.
  if (operations && readAt !== 0 && readAt !== log.readAt) {
    const seen = operations
      .filter((operation) => statusGroup(operation.status) === 'in-progress')
      .map((operation) => ({
        operationId: operation.id,
        atMs: readAt,
        progress: operation.progress,
      }))
    // Bounded: a pull polled for hours should not grow the list without end.
    setLog({ readAt, samples: [...log.samples, ...seen].slice(-500) })
  }
  return log.samples
}

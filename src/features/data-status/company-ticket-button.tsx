// "Copy for ticket" for the whole company: every data type's status and diagnosis, and its
// latest pulls, read when pressed.
import { useQueryClient } from '@tanstack/react-query'
import { refreshQueries } from '../../api/refresh-data.ts'
import type { Connection, DataStatus } from '../../api/schemas.ts'
import { diagnose } from '../../lib/diagnosis.ts'
import type { Diagnosis } from '../../lib/diagnosis-types.ts'
import { BUNDLE_OPERATIONS, companyBundle } from '../../lib/support-bundle.ts'
import { CopyTicketButton } from './copy-ticket-button.tsx'
import { currentUrl, instant, viewerTimeZone } from './ticket-context.ts'

interface CompanyTicketButtonProps {
  companyId: string
  companyName: string | undefined
  rows: readonly DataStatus[]
  connections: readonly Connection[] | undefined
  readAt: number
  staleHours: number
}

export function CompanyTicketButton(props: CompanyTicketButtonProps) {
  const queryClient = useQueryClient()
  const build = async () => {
    const { companyId, rows, connections, readAt, staleHours } = props
    const latest = await queryClient
      .fetchQuery(
        refreshQueries.history(companyId, {
          page: 1,
          pageSize: BUNDLE_OPERATIONS,
          orderBy: '-requested',
        }),
      )
      .then((page) => page.results)
      // The bundle still helps without them; it says they could not be read.
      .catch(() => undefined)
    const diagnoses = new Map<string, Diagnosis>(
      rows.map((row) => [
        row.dataType,
        diagnose(
          { dataType: row.dataType, status: row, connections, history: undefined },
          { nowMs: readAt, staleHours },
        ),
      ]),
    )
    return companyBundle({
      company: { id: companyId, name: props.companyName },
      connections,
      url: currentUrl(),
      readAt: instant(readAt),
      viewerTimeZone: viewerTimeZone(),
      statuses: rows,
      diagnoses,
      operations: latest,
    })
  }
  return <CopyTicketButton subject="company" build={build} />
}

// A company's connections; one that cannot be read from says why and what the business must do,
// including a Linked one whose latest pulls Codat was refused.
import type { Connection, DataStatus } from '../../api/schemas.ts'
import { CopyButton } from '../../components/copy-button.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { Icon, WARNING_ICON } from '../../components/icon.tsx'
import { describeRefusedPulls, refusedPulls } from '../../lib/refused-pulls.ts'

const LOOK: Record<string, { tone: string; label: string; icon: string }> = {
  Linked: { tone: 'ok', label: 'Linked', icon: 'M3 8.5l3 3 7-7' },
  Deauthorized: { tone: 'error', label: 'Deauthorized', icon: WARNING_ICON },
  PendingAuth: { tone: 'warn', label: 'Pending authorisation', icon: WARNING_ICON },
  Unlinked: { tone: 'neutral', label: 'Unlinked', icon: 'M3 8h10' },
}

function ConnectionStatus({ status }: { status: string }) {
  const look = LOOK[status] ?? { tone: 'warn', label: `Unknown: ${status}`, icon: WARNING_ICON }
  return (
    <span className="badge" data-tone={look.tone}>
      <Icon path={look.icon} />
      {look.label}
    </span>
  )
}

/** Plain words for a connection that needs the business to act; undefined when it is fine. */
function problemOf(connection: Connection): { title: string; detail: string } | undefined {
  const platform = connection.platformName
  switch (connection.status) {
    case 'Deauthorized':
      return {
        title: `${platform} access was lost`,
        detail: `The business revoked access, or it expired. Data already read can still be viewed, but nothing new can be fetched from ${platform} until the business relinks. Send them the Link URL.`,
      }
    case 'PendingAuth':
      return {
        title: `${platform} was never finished linking`,
        detail: `The business chose ${platform} but did not complete authorisation, so no data can be read from it. Send them the Link URL to finish linking.`,
      }
    default:
      return undefined
  }
}

interface ConnectionsTableProps {
  connections: readonly Connection[]
  /** The company's data status, when read: a refused pull on a Linked connection is said. */
  dataStatuses?: readonly DataStatus[]
}

export function ConnectionsTable({ connections, dataStatuses = [] }: ConnectionsTableProps) {
  if (connections.length === 0) {
    return <p className="muted">This company has no connections: nothing can be refreshed.</p>
  }
  // Codat can leave a connection Linked while refusing its pulls: the Fleet calls that
  // "Needs relink", so this screen says it where the connection is shown.
  const refused = new Map(
    refusedPulls(dataStatuses, connections).map((found) => [
      found.connection.id,
      describeRefusedPulls(found),
    ]),
  )
  const problems = connections.flatMap((connection) => {
    const sentence = refused.get(connection.id)
    const problem = sentence
      ? {
          title: sentence,
          detail: `The connection still reads as Linked, but Codat is refused access when it pulls from ${connection.platformName}, so refreshing those types will fail. Send the business the Link URL to relink.`,
        }
      : problemOf(connection)
    return problem ? [{ connection, ...problem }] : []
  })
  return (
    <>
      <table className="grid connections" aria-label="Connections">
        <thead>
          <tr>
            <th scope="col">Platform</th>
            <th scope="col">Source type</th>
            <th scope="col">Status</th>
            <th scope="col">Last sync</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <tr key={connection.id}>
              <th scope="row">{connection.platformName}</th>
              <td data-label="Source type">{connection.sourceType}</td>
              <td data-label="Status">
                <ConnectionStatus status={connection.status} />
                {refused.has(connection.id) && (
                  <span className="badge" data-tone="warn">
                    <Icon path={WARNING_ICON} />
                    Pulls refused
                  </span>
                )}
              </td>
              <td data-label="Last sync">
                {connection.lastSync ? (
                  <RelativeTime date={connection.lastSync} />
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.map(({ connection, title, detail }) => (
        <div key={connection.id} className="callout connection-problem" data-tone="warn">
          <strong className="problem-title">
            <Icon path={WARNING_ICON} />
            {refused.has(connection.id) ? title : `${title} (${connection.status})`}
          </strong>
          <p>{detail}</p>
          <p className="row">
            <a
              href={connection.linkUrl}
              target="_blank"
              rel="noreferrer"
              aria-label={`Link URL for ${connection.platformName} (opens in a new tab)`}
            >
              Link URL for {connection.platformName}
            </a>
            <CopyButton
              value={connection.linkUrl}
              label={`Link URL for ${connection.platformName}`}
            />
          </p>
        </div>
      ))}
    </>
  )
}

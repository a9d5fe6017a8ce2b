// Refresh one data type; with several linked connections it first asks which one.
import { useId, useRef, useState } from 'react'
import { useRefreshDataType } from '../../api/refresh-data'
import type { Connection } from '../../api/schemas'
import { feedbackForError, type RefreshFeedback } from './refresh-feedback'
import { RefreshDialog } from './refresh-dialog'

interface RefreshTypeButtonProps {
  companyId: string
  dataType: string
  isRunning: boolean
  /** Only Linked connections (the others cannot be read from); undefined while unknown. */
  linkedConnections: readonly Connection[] | undefined
  /** Set when refreshing is not allowed right now; the id of the element that says why. */
  blockedBy?: string
  onSettled: (feedback: RefreshFeedback) => void
}

export function connectionLabel(connection: Connection): string {
  return `${connection.platformName} (${connection.sourceType})`
}

/** The connection a data type most likely comes from, so the usual choice is one keypress. */
function likelyConnection(dataType: string, connections: readonly Connection[]) {
  const wanted = dataType.startsWith('banking-')
    ? ['Banking', 'BankFeed']
    : dataType.startsWith('commerce-')
      ? ['Commerce']
      : ['Accounting']
  return connections.find((c) => wanted.includes(c.sourceType)) ?? connections[0]
}

export function RefreshTypeButton({
  companyId,
  dataType,
  isRunning,
  linkedConnections,
  blockedBy,
  onSettled,
}: RefreshTypeButtonProps) {
  const mutation = useRefreshDataType(companyId)
  // Set synchronously on click, so a double click cannot send a second request.
  const isSending = useRef(false)
  const [isChoosing, setIsChoosing] = useState(false)
  const [chosen, setChosen] = useState<string | undefined>(undefined)
  const groupName = useId()
  const connections = linkedConnections ?? []
  const needsChoice = connections.length > 1

  const send = (connection?: Connection) => {
    if (isSending.current) return
    isSending.current = true
    mutation.mutate(
      { dataType, connectionId: connection?.id },
      {
        onSuccess: (operation) =>
          onSettled({
            kind: 'queued',
            dataType,
            operation,
            connectionLabel: connection && connectionLabel(connection),
          }),
        onError: (error) => onSettled(feedbackForError(error, dataType, dataType)),
        onSettled: () => {
          isSending.current = false
        },
      },
    )
  }

  const close = () => setIsChoosing(false)

  const isDisabled = isRunning || mutation.isPending || blockedBy !== undefined
  const choice = connections.find((c) => c.id === chosen) ?? likelyConnection(dataType, connections)
  return (
    <>
      <button
        type="button"
        className="small"
        disabled={isDisabled}
        aria-label={`Refresh ${dataType}`}
        aria-describedby={blockedBy}
        title={isRunning ? `${dataType} is already running` : undefined}
        onClick={() => (needsChoice ? setIsChoosing(true) : send(connections[0]))}
      >
        {mutation.isPending ? 'Queuing…' : 'Refresh'}
      </button>
      {isChoosing && (
        <RefreshDialog
          title={`Refresh ${dataType} from which connection?`}
          confirmLabel={`Refresh ${dataType}`}
          onCancel={close}
          onConfirm={() => {
            close()
            send(choice)
          }}
        >
          <fieldset className="connection-choice">
            <legend>This company has {connections.length} linked connections.</legend>
            {connections.map((connection) => (
              <label key={connection.id} className="row">
                <input
                  type="radio"
                  name={groupName}
                  value={connection.id}
                  checked={connection.id === choice?.id}
                  onChange={() => setChosen(connection.id)}
                />
                {connectionLabel(connection)}
              </label>
            ))}
          </fieldset>
        </RefreshDialog>
      )}
    </>
  )
}

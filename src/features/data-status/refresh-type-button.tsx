// Refresh one data type; when the choice matters it first asks which connection, offering the
// ones that can supply the type first. Stays focusable while it cannot act, so focus stays here.
import { useId, useRef, useState } from 'react'
import { useRefreshDataType } from '../../api/refresh-data.ts'
import type { Connection } from '../../api/schemas.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { connectionChoices } from './connection-choices.ts'
import { feedbackForError, type RefreshFeedback } from './refresh-feedback.tsx'
import { useWaitingSeconds, waitingText } from './use-waiting-seconds.ts'

interface RefreshTypeButtonProps {
  companyId: string
  dataType: string
  isRunning: boolean
  /** Only Linked connections (the others cannot be read from); undefined while unknown. */
  linkedConnections: readonly Connection[] | undefined
  /** Every connection, linked or not, so the chooser can say why some cannot be used. */
  connections?: readonly Connection[]
  /** Set when refreshing is not allowed right now; the id of the element that says why. */
  blockedBy?: string
  onSettled: (feedback: RefreshFeedback) => void
}

export function connectionLabel(connection: Connection): string {
  return `${connection.platformName} (${connection.sourceType})`
}

export function RefreshTypeButton({
  companyId,
  dataType,
  isRunning,
  linkedConnections,
  connections,
  blockedBy,
  onSettled,
}: RefreshTypeButtonProps) {
  const mutation = useRefreshDataType(companyId)
  // Set synchronously on click, so a double click cannot send a second request.
  const isSending = useRef(false)
  const [isChoosing, setIsChoosing] = useState(false)
  const [chosen, setChosen] = useState<string | undefined>(undefined)
  const groupName = useId()
  const linked = linkedConnections ?? []
  const choices = connectionChoices(dataType, connections ?? linked)
  const usable = choices.filter((choice) => choice.unavailable === undefined)
  const likely = usable.find((choice) => choice.isLikely)
  // One linked connection that fits needs no question; anything else is worth a look.
  const needsChoice = linked.length > 1 || (linked.length === 1 && likely === undefined)
  const waited = useWaitingSeconds(mutation.isPending)

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
  const canAct = !isRunning && !mutation.isPending && blockedBy === undefined
  const choice = usable.find((c) => c.connection.id === chosen)?.connection ?? likely?.connection
  return (
    <>
      <button
        type="button"
        className="small"
        aria-disabled={!canAct || undefined}
        aria-label={`Refresh ${dataType}`}
        aria-describedby={blockedBy}
        title={isRunning ? `${dataType} is already running` : undefined}
        onClick={() => {
          if (!canAct) return
          if (needsChoice) setIsChoosing(true)
          else send(linked[0])
        }}
      >
        {mutation.isPending ? waitingText('Queuing…', waited) : 'Refresh'}
      </button>
      {isChoosing && (
        <ConfirmDialog
          title={`Refresh ${dataType} from which connection?`}
          confirmLabel={`Refresh ${dataType}`}
          onCancel={close}
          onConfirm={() => {
            if (!choice) return
            close()
            send(choice)
          }}
        >
          <fieldset className="connection-choice">
            <legend>
              {likely
                ? `Connections that supply ${dataType} come first.`
                : `No linked connection is of the kind that supplies ${dataType}.`}
            </legend>
            {choices.map(({ connection, unavailable, caution }) => (
              <label
                key={connection.id}
                className="connection-option"
                data-unavailable={unavailable !== undefined || undefined}
              >
                <input
                  type="radio"
                  name={groupName}
                  value={connection.id}
                  required
                  disabled={unavailable !== undefined}
                  checked={connection.id === choice?.id}
                  onChange={() => setChosen(connection.id)}
                />
                <span>
                  {connectionLabel(connection)}
                  {(unavailable ?? caution) && (
                    <span className="muted connection-note">: {unavailable ?? caution}</span>
                  )}
                </span>
              </label>
            ))}
          </fieldset>
        </ConfirmDialog>
      )}
    </>
  )
}

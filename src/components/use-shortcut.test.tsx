import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it, vi } from 'vitest'
import { useShortcut } from './use-shortcut.ts'

function Screen({ onReload, onHistory }: { onReload?: () => void; onHistory?: () => void }) {
  useShortcut('reload', onReload)
  useShortcut('go-history', onHistory)
  return (
    <>
      <label>
        Name <input />
      </label>
      <label>
        Notes <textarea />
      </label>
      <label>
        Sort
        <select>
          <option>r</option>
        </select>
      </label>
      <div contentEditable suppressContentEditableWarning aria-label="Editor" role="textbox">
        text
      </div>
      <button type="button">Elsewhere</button>
    </>
  )
}

it('runs the bound action for its keys, including a two-key sequence', async () => {
  const user = userEvent.setup()
  const onReload = vi.fn()
  const onHistory = vi.fn()
  render(<Screen onReload={onReload} onHistory={onHistory} />)
  await user.keyboard('r')
  expect(onReload).toHaveBeenCalledTimes(1)
  await user.keyboard('gh')
  expect(onHistory).toHaveBeenCalledTimes(1)
  await user.keyboard('h')
  expect(onHistory).toHaveBeenCalledTimes(1)
})

it('does nothing while the user types in a field', async () => {
  const user = userEvent.setup()
  const onReload = vi.fn()
  render(<Screen onReload={onReload} />)
  await user.type(screen.getByRole('textbox', { name: 'Name' }), 'rr')
  await user.type(screen.getByRole('textbox', { name: 'Notes' }), 'r')
  await user.click(screen.getByRole('textbox', { name: 'Editor' }))
  await user.keyboard('r')
  screen.getByRole('combobox', { name: 'Sort' }).focus()
  await user.keyboard('r')
  expect(onReload).not.toHaveBeenCalled()
  expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('rr')

  await user.click(screen.getByRole('button', { name: 'Elsewhere' }))
  await user.keyboard('r')
  expect(onReload).toHaveBeenCalledTimes(1)
})

it('leaves keys held with Ctrl, Meta or Alt to the browser', async () => {
  const user = userEvent.setup()
  const onReload = vi.fn()
  render(<Screen onReload={onReload} />)
  await user.keyboard('{Control>}r{/Control}{Meta>}r{/Meta}{Alt>}r{/Alt}')
  expect(onReload).not.toHaveBeenCalled()
})

it('does nothing while a modal dialog is open', async () => {
  const user = userEvent.setup()
  const onReload = vi.fn()
  render(
    <>
      <Screen onReload={onReload} />
      <dialog open>Are you sure?</dialog>
    </>,
  )
  await user.keyboard('r')
  expect(onReload).not.toHaveBeenCalled()
})

it('lets the most recently mounted screen handle a key, and stops when it unmounts', async () => {
  const user = userEvent.setup()
  const outer = vi.fn()
  const inner = vi.fn()
  const { rerender } = render(
    <>
      <Screen onReload={outer} />
      <Screen onReload={inner} />
    </>,
  )
  await user.keyboard('r')
  expect(inner).toHaveBeenCalledTimes(1)
  expect(outer).not.toHaveBeenCalled()
  rerender(<Screen onReload={outer} />)
  await user.keyboard('r')
  expect(outer).toHaveBeenCalledTimes(1)
})

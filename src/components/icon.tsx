// A 16×16 line icon from one SVG path; decorative, so hidden from assistive technology.
// Every icon sits beside a text that says the same thing: colour or shape never speaks alone.
/** A triangle with an exclamation mark: something needs attention. */
export const WARNING_ICON = 'M8 2l6.5 11.5h-13z M8 6.5v3.5 M8 11.8v.4'

interface IconProps {
  /** SVG path data in a 16×16 box, drawn as a 2px rounded stroke. */
  path: string
  className?: string
  'data-active'?: boolean
}

export function Icon({ path, className, 'data-active': active }: IconProps) {
  return (
    <svg
      className={className}
      data-active={active || undefined}
      viewBox="0 0 16 16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={path} />
    </svg>
  )
}

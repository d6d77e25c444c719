import { useEffect, useRef } from "react";

import { shortcuts, strings } from "./strings";

/** The `?` overlay: a modal dialog listing the keyboard shortcuts (Esc or the button closes it). */
export function Shortcuts({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const node = dialog.current;
    if (open && node && !node.open) node.showModal();
    if (!open && node?.open) node.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{strings.shortcutsTitle}</h2>
      <table>
        <tbody>
          {shortcuts.map(({ keys, where, action }) => (
            <tr key={action}>
              <th scope="row">
                {keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </th>
              <td>{action}</td>
              <td className="muted">{where}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          {strings.close}
        </button>
      </form>
    </dialog>
  );
}

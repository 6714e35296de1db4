// Text from files (model names, file names, error messages quoting them) reaches the terminal only
// through here: an escape sequence in a model name could otherwise clear the screen, hide lines,
// retitle the window or write the clipboard.
import type { CliIo } from './io';

/** C0 controls but tab and newline, DEL, C1 controls (0x9b starts a sequence too), bidi overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every unsafe character shown as a visible escape (\x1b, \u202e) instead of acted on. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** The same io with every line it prints passed through terminalSafe. */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(terminalSafe(text)),
    stderr: (text) => io.stderr(terminalSafe(text)),
  };
}

// What the Models view says when a posterior file is not imported: plain words, the file named once.
import type { ApiError } from '../../../shared/result';

/** The engine's prefix on every reason a file is not a valid export. */
const NOT_A_POSTERIOR = /^not an Unsure posterior file:\s*/;

/** The notice for a refused import of `fileName`. */
export function importFailureText(fileName: string, error: ApiError): string {
  const reason = error.message.replace(/\.$/, '');
  if (error.code === 'already_imported') return `${fileName} was not imported: ${reason}.`;
  if (error.code === 'import_invalid')
    return `${fileName} was not imported: it is not a posterior exported by Unsure (${reason.replace(NOT_A_POSTERIOR, '')}).`;
  return `Could not import ${fileName}: ${reason}.`;
}

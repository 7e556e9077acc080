import { readFileSync } from 'node:fs';
import { InvalidArgumentError, errorMessage } from '../../lib/core/errors';
import { parseStartConfig, type StartKnob, type StartKnobPermissions } from '../../knobs/start-config';

/**
 * `--start-config FILE`: the file's settings, checked line by line against the knob catalog
 * before anything starts (the collector checks the host's safe ranges again when the session
 * opens). Errors name the option, or the file and line.
 *
 * @throws InvalidArgumentError
 */
export function readStartConfigFile(file: string, permissions: StartKnobPermissions): StartKnob[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InvalidArgumentError('--start-config', `cannot read ${JSON.stringify(file)}: ${errorMessage(err)}`);
  }
  return parseStartConfig(text, file, permissions);
}

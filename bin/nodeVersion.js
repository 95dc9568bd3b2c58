// The Node.js version check that runs before anything else of polity is loaded. Plain JavaScript
// that older releases parse, and a pure function of the version string, so the refusal on an old
// Node is a clear message at once instead of a failure deep inside a started node (a missing
// built-in such as Promise.withResolvers surfaces only in that node's log).

/** The oldest Node.js release polity runs on; package.json's engines.node says the same. */
export const nodeVersionMin = '22.12.0';

/** The release polity is developed and tested on. */
export const nodeVersionRecommended = '24';

/**
 * The parts of a "v24.1.0" / "24.1.0" version string, or undefined when it is not one.
 * @param {string} text
 * @returns {[number, number, number] | undefined}
 */
function parseVersion(text) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Why this Node.js cannot run polity, as the message to print, or undefined when it can.
 * @param {string} version process.version, e.g. "v20.20.2"
 * @param {string} [execPath] the running node binary, named in the message
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version, execPath) {
  const have = parseVersion(version);
  const need = parseVersion(nodeVersionMin);
  if (have !== undefined && need !== undefined) {
    for (let i = 0; i < 3; i += 1) {
      if (have[i] > need[i]) return undefined;
      if (have[i] < need[i]) break;
      if (i === 2) return undefined;
    }
  }
  const which = execPath === undefined ? '' : ` (${execPath})`;
  return [
    `error[node_version_unsupported]: polity needs Node.js ${nodeVersionMin} or later (${nodeVersionRecommended} LTS recommended); this is Node.js ${version}${which}.`,
    `Install Node.js ${nodeVersionRecommended} and run the command again, for example:`,
    `  nvm install ${nodeVersionRecommended}            (or: fnm install ${nodeVersionRecommended}, volta install node@${nodeVersionRecommended})`,
    `  npm install --global node@${nodeVersionRecommended}   (then make sure its bin directory comes first in PATH)`,
    `  or download it from https://nodejs.org/en/download`,
  ].join('\n');
}

/** Key paths live with the policy that declares them (`versionFiles[].key`); the updaters read them from there. */
export { formatKeyPath, isKeyPathPrefix, parseKeyPath, sameKeyPath, type KeySegment } from '../../policy/key-path.js';

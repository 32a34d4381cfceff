export { checkStream, type CheckOptions } from './check-stream';
export { readExpected } from './expected';
export { diffTruth } from './diff';

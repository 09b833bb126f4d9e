import { runQuickstart } from './run-quickstart.js';

await runQuickstart((line) => console.log(line));

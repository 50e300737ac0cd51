import { main } from './cli.js';

process.exitCode = main(process.argv.slice(2), process.env, (text) => console.log(text));

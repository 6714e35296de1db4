// Placeholder entry replaced by the CLI work.
console.error('unsure: the CLI is not built yet');
process.exit(1);

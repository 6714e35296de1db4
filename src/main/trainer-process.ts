// Placeholder entry: replaced by the engine work (the training child process).
process.exit(0);

// Diff module

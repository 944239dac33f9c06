// The console's script.

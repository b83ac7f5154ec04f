from engine.launch import entry

entry()

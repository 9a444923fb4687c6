"""Recording a client: the loopback stub, its server and the command runner."""

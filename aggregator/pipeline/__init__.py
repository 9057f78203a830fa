"""The three stages the DAGs run, one function each: collect, process, publish (and the run summary)."""

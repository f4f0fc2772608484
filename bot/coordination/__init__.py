"""Several workers on one database: leases on the rows a worker works on (``leases``) and named leases
for a job one worker at a time must do (``leadership``)."""

"""The benchmark harness (`make bench`): seeding, the floor page and the measurements."""

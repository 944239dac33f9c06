-- Schema version 3: the stand-in clock's offset (SPEC §13), one row, in 100 ns ticks.

CREATE TABLE stand_in_clock (
  id           integer PRIMARY KEY CHECK (id = 1),
  offset_ticks bigint NOT NULL CHECK (offset_ticks >= 0)
);

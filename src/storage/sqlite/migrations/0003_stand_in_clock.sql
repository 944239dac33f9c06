-- Schema version 3: the stand-in clock's offset (SPEC §13), one row, in 100 ns ticks.

CREATE TABLE stand_in_clock (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  offset_ticks INTEGER NOT NULL CHECK (offset_ticks >= 0)
);

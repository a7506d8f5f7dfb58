-- Builds removals.db, the SQLite example dataset:
--   sqlite3 removals.db < removals.sql
-- Figures from ice_removals_fy2008_2016.csv (see SOURCES.md).
CREATE TABLE removals (fiscal_year INTEGER PRIMARY KEY, total INTEGER NOT NULL, criminal INTEGER);
INSERT INTO removals VALUES
  (2008, 369221, 114000), (2009, 389834, NULL), (2010, 392862, NULL),
  (2011, 396906, 216698), (2012, 409849, 225390), (2013, 368644, 216810),
  (2014, 315943, 177960), (2015, 235413, 139368), (2016, 240255, NULL);

-- Nothing to undo: the values stay, the column goes with 000006's down migration.
SELECT 1;

package export

// Tables lists the tables Query exports, for the command line to check
// --what against before it opens the database.
var Tables = []What{Scores, Indicators, Targets, Rejects}

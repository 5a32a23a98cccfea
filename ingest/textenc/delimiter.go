package textenc

import "bytes"

// delimiters are the candidates of DetectDelimiter, in order of preference.
var delimiters = [...]byte{',', '\t', ';'}

// maxSampleRecords bounds how many records DetectDelimiter reads.
const maxSampleRecords = 20

// DetectDelimiter returns the field delimiter of a CSV sample (the first
// kilobytes of the file, UTF-8 or GB18030 alike: no byte of a multi-byte
// character in either can be mistaken for a delimiter, a quote or a newline):
// comma, tab or semicolon. The rule:
//
//  1. Split the sample into records at newlines outside double quotes (a
//     quoted field may hold delimiters and newlines), up to 20 records,
//     skipping blank lines and a byte-order mark. The last record is dropped
//     if the sample ends inside it, unless it is the only one.
//  2. In each record count each candidate outside quotes.
//  3. A candidate is consistent if it occurs the same number of times, at
//     least once, in every record. Among consistent candidates the one that
//     occurs most often per record wins.
//  4. If none is consistent, the candidate with the largest total count wins.
//  5. Ties go to comma, then tab, then semicolon; a sample with none of them
//     (a single column) gives comma.
func DetectDelimiter(sample []byte) rune {
	sample = bytes.TrimPrefix(sample, bomUTF8)
	counts := recordCounts(sample)
	best, bestCount, bestConsistent := 0, 0, false
	for c := range delimiters {
		per, consistent, total := -1, true, 0
		for _, rec := range counts {
			total += rec[c]
			if per >= 0 && rec[c] != per {
				consistent = false
			}
			per = rec[c]
		}
		consistent = consistent && per > 0
		score := total
		if consistent {
			score = per
		}
		switch {
		case consistent && !bestConsistent,
			consistent == bestConsistent && score > bestCount:
			best, bestCount, bestConsistent = c, score, consistent
		}
	}
	return rune(delimiters[best])
}

// recordCounts counts the candidate delimiters outside quotes in each record
// of the sample, as described at DetectDelimiter.
func recordCounts(sample []byte) [][len(delimiters)]int {
	var out [][len(delimiters)]int
	var cur [len(delimiters)]int
	inQuotes, blank := false, true
	for _, b := range sample {
		switch {
		case b == '"':
			inQuotes = !inQuotes // a doubled quote toggles twice
			blank = false
		case inQuotes:
		case b == '\n':
			if !blank {
				out = append(out, cur)
				if len(out) == maxSampleRecords {
					return out
				}
			}
			cur, blank = [len(delimiters)]int{}, true
		case b == '\r':
		default:
			blank = false
			for c, d := range delimiters {
				if b == d {
					cur[c]++
				}
			}
		}
	}
	if !blank && len(out) == 0 { // an unfinished record counts only if alone
		out = append(out, cur)
	}
	return out
}

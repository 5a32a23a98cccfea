package docx

// Lengths in WordprocessingML are in twips (twentieths of a point, "dxa"):
// 1 mm = 1440/25.4 twips. The layout below is GB/T 9704-2012's.
const (
	twipsPerMM = 1440 / 25.4

	pageWidth  = 11906 // A4, 210 mm
	pageHeight = 16838 // A4, 297 mm

	// Margins (GB/T 9704 §5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm).
	marginTop    = 2098 // 37 mm
	marginBottom = 1984 // 35 mm
	marginLeft   = 1587 // 28 mm
	marginRight  = 1474 // 26 mm

	textWidth  = pageWidth - marginLeft - marginRight  // 8845 twips, 156 mm
	textHeight = pageHeight - marginTop - marginBottom // 12756 twips, 225 mm

	// Body text is 3号, 16 pt (GB/T 9704 §5.2.2, §7.3.4).
	bodyHalfPoints = 32
	bodyTwips      = bodyHalfPoints * 10

	// linesPerPage and charsPerLine are GB/T 9704 §5.2.2's grid: 22 lines
	// of 28 characters.
	linesPerPage = 22
	charsPerLine = 28

	// linePitch is the fixed line spacing that fits 22 lines in the text
	// block: 579 twips = 28.95 pt.
	linePitch = textHeight / linesPerPage

	// footerDistance puts the page number's line (14 pt 宋体, about
	// 6.4 mm high) 7 mm below the text block (GB/T 9704 §7.5): its bottom
	// lies 35 − 7 − 6.4 ≈ 21.6 mm above the paper's edge.
	footerDistance = 1225
	headerDistance = 851 // 15 mm; the letters have no header

	// pageNumberIndent is one 4号 (14 pt) character: odd page numbers sit
	// that far in from the right, even ones from the left.
	pageNumberIndent = 14 * 20
)

// charSpacing narrows the body's characters by a quarter point, in
// twentieths of a point, so that a line holds 28 of them: 28 × 15.75 pt =
// 441 pt of the 442.25 pt text width (29 would need 456.75 pt). A document
// grid of 28 characters (docGrid linesAndChars, charSpace −841) would do the
// same in Word, but LibreOffice gives a character wider than the grid's
// pitch two cells of it, and sets 14 characters a line.
const charSpacing = -5

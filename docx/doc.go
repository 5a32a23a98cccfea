// Package docx writes small editable Word documents (.docx,
// WordprocessingML) laid out as Chinese official documents, for the draft
// work reminder letters (工作提醒函) microrisk proposes. The files open in
// WPS and Microsoft Word, and LibreOffice converts them to PDF.
//
// # Layout
//
// Every document follows GB/T 9704-2012 《党政机关公文格式》:
//
//   - A4 paper (210 × 297 mm); margins top 37 mm, bottom 35 mm, left
//     28 mm, right 26 mm, which leave the standard 156 × 225 mm text block.
//   - Body text 3号 (16 pt) 仿宋_GB2312, justified, 22 lines a page (a
//     fixed line spacing of 28.95 pt on a line grid of that pitch) and 28
//     characters a line (each narrowed by a quarter point).
//   - The title 2号 (22 pt) 方正小标宋简体, centred, one blank line below.
//   - Headings of the four levels "一、", "（一）", "1.", "（1）" set in
//     黑体, 楷体_GB2312, bold 仿宋_GB2312 and 仿宋_GB2312, indented two
//     characters like the body (GB/T 9704 §7.3.3).
//   - Page numbers 4号 (14 pt) 宋体 as "— 1 —" at the foot, odd pages on
//     the right and even pages on the left, one character in from the edge
//     of the text block (§7.5).
//
// Fonts are named as Chinese government offices install them. A machine
// without 仿宋_GB2312, 楷体_GB2312 or 方正小标宋简体 substitutes another
// face: the font table names 仿宋, 楷体 and 宋体 as their alternates
// (w:altName), which Windows has under the names FangSong, KaiTi and
// SimSun.
//
// Tables (an evidence annex) span the text block, repeat their header row on
// every page and never split a row across pages.
//
// # Output
//
// A document is built in memory and written as a ZIP archive of XML parts
// ([Content_Types].xml, _rels/.rels, docProps/core.xml, docProps/app.xml,
// word/document.xml, word/styles.xml, word/settings.xml,
// word/fontTable.xml, word/footer1.xml, word/footer2.xml and
// word/_rels/document.xml.rels). The output is deterministic: the same
// calls give the same bytes (fixed ZIP timestamps, no creation date), so
// golden tests can compare files.
//
// Text is escaped for XML; characters XML 1.0 does not allow (control
// characters other than tab, line feed and carriage return, unpaired
// surrogates, U+FFFE, U+FFFF, invalid UTF-8) are dropped. A tab in a text
// becomes a tab stop and a line feed a line break within the paragraph.
//
// ReadText reads the text of a document back (paragraphs and table cells),
// for tests and checks.
package docx

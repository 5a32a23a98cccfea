// Package letters drafts the written work reminder letters (工作提醒函)
// microrisk proposes for its reminder targets: one letter to one unit's
// party organisation, stating what the data show about the unit and asking
// for self-inspection, rectification and a written reply. A [Letter] renders
// as a printable A4 HTML page ([Letter.HTML]) and as an editable .docx file
// ([Letter.DOCX], through package docx) with the same content, in Chinese
// official-document form (GB/T 9704-2012) or, for reading, in plain
// English.
//
// # Content
//
// In order: the draft marker 草稿·须经核实 (where GB/T 9704 puts 密级 and
// 紧急程度); the reference number (发文字号); the title, 关于<unit><subjects>
// 问题的工作提醒函, whose subjects are the families of the facts (案件易发多发,
// 信访举报集中, 问题线索积压, 案件数量上升, 惠民资金发放, 集体“三资”管理; at
// most three, else the first two and 等; none known gives 有关问题), broken
// into lines between its parts; the addressee ([Letter.Addressee]); an
// opening naming the records analysed and the period; 一、发现的主要问题,
// each fact a paragraph numbered （一）, （二）… with the fact's title as a
// run-in heading in 楷体 and its sentence with the figures and period, then
// the number of flagged records and a pointer to the annex; 二、工作要求:
// self-inspection (自查自纠, saying that lawful look-alikes — policy amounts,
// collective decisions, data errors — are to be explained record by
// record), rectification (整改), accountability where violations are found
// (追责问责) and a written reply (书面回复) within ReplyDays days of receipt;
// 三、联系方式; the annex note 附件：预警记录清单; the signature block at the
// right (issuer and date); a 附注 saying that this is a draft generated from
// data (run id, the reminder's number, the unit's code, the as-of date)
// that must be verified before issue. The annex starts a new page: 附件, its
// title, the unit with its code and the number of flags, and the table 序号,
// 指标, 台账, 记录编号, 日期, 金额（元）, 情况 (amounts with thousands
// separators and two decimals). When EvidenceTotal exceeds the rows given,
// the annex says how many it lists and that the rest are exported with
// `microrisk export --what flags`.
//
// # Blanks
//
// What the commission decides when it issues the letter is left blank for
// it to fill in the .docx: placeholders in formatted fields use ×, as GB/T
// 9704's own samples do — the reference ××纪函〔20××〕××号 and the date
// 20××年×月×日; free fields are 〔　　　　〕 — the issuer when Issuer is
// empty, the contact and the telephone. The reply's deadline is stated as
// a number of days from receipt, followed by its date left blank (即
// 20××年×月×日前): the date of issue is not known when the draft is made,
// so no date is computed. An English letter uses [          ] for both.
//
// # Safety
//
// Every text from the data is cleaned first (invalid UTF-8, control and
// bidirectional formatting characters dropped, line ends made spaces: see
// cleanText) and then escaped: html/template for the page, XML escaping in
// package docx. The page has inline CSS only, no script and no reference
// outside itself.
package letters

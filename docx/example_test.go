package docx_test

import (
	"bytes"
	"fmt"

	"github.com/microrisk/microrisk/docx"
)

// A work reminder letter with an evidence annex, read back as text.
func Example() {
	doc := docx.New()
	doc.Title("关于惠民补贴资金发放问题的工作提醒函")
	doc.Paragraph(docx.Left, docx.Text("中共团结村委员会："))
	doc.Paragraph(docx.Indent, docx.Text("我委在日常监督中发现你村存在以下问题，现予提醒。"))
	doc.Heading(1, "一、发现的主要问题")
	doc.Paragraph(docx.Indent, docx.Text("同一人同一项目同月重复发放"), docx.Bold("2笔"), docx.Text("，详见附件。"))
	doc.Paragraph(docx.Right, docx.Text("2017年×月×日"))
	doc.PageBreak()
	doc.Paragraph(docx.Left, docx.Run{Text: "附件", Font: docx.Hei})
	doc.Table(docx.TableSpec{
		Header: []string{"序号", "记录编号", "金额（元）"},
		Rows:   [][]string{{"1", "P001", "1,250.00"}, {"2", "P002", "1,250.00"}},
		Widths: []float64{10, 30, 20},
		Align:  []docx.Align{docx.Center, docx.Left, docx.Right},
	})

	b := doc.Bytes()
	text, err := docx.ReadText(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(text)
	// Output:
	// 关于惠民补贴资金发放问题的工作提醒函
	// 中共团结村委员会：
	// 我委在日常监督中发现你村存在以下问题，现予提醒。
	// 一、发现的主要问题
	// 同一人同一项目同月重复发放2笔，详见附件。
	// 2017年×月×日
	// 附件
	// 序号	记录编号	金额（元）
	// 1	P001	1,250.00
	// 2	P002	1,250.00
}

package data

import (
	"math"
	"math/rand/v2"
	"strings"
)

// Pools of Chinese name parts. Surnames are the commonest in Sichuan, in
// rough order of frequency; given-name characters are the usual ones for men
// and women born between the 1930s and the 2000s.

var surnames = []rune("李王张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭肖蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")

var maleChars = []rune("国建明华军平志伟强勇杰涛斌超波辉刚健林峰海鹏飞成兵东文德福贵富云龙春祥俊磊浩宇洋鑫晨博家荣学忠良发永庆全兴安江军义长先清光中才万友胜泽旭宏毅凯")

var femaleChars = []rune("秀英芳丽红琴兰华玉梅霞燕萍敏静婷娟莉艳芬珍凤琳洁桂淑春雪慧丹佳欣雨思悦怡涵晓群素翠琼蓉莲月红媛倩雯颖")

// surnameWeights gives the i-th surname weight 1/(i+1)^0.9, a Zipf-like
// frequency curve.
var surnameWeights = func() []float64 {
	w := make([]float64, len(surnames))
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), 0.9)
	}
	return w
}()

// drawSurname draws a surname by frequency.
func drawSurname(r *rand.Rand) string { return string(surnames[pick(r, surnameWeights)]) }

// givenName draws a one- or two-character given name for a man or a woman.
func givenName(r *rand.Rand, male bool) string {
	pool := femaleChars
	if male {
		pool = maleChars
	}
	if chance(r, 0.25) {
		return string(pool[r.IntN(len(pool))])
	}
	return string(pool[r.IntN(len(pool))]) + string(pool[r.IntN(len(pool))])
}

// Place-name parts for townships, villages and communities.
var (
	placeFirst   = []rune("石金青龙凤白黄红新太永安平和兴福寿桂柳桃花水河江桥山松柏竹梅云天宝万三五双高大小东西南北中上清马鹤观义仁德顺隆泉沙合文民华复胜光团联前建长广乐丰")
	placeSecond  = []rune("桥泉河山林坝湾场店铺井堰沟溪坪岗庙寺门园田埝塘池口头岭峰台阳兴安宁丰盛华龙凤家街院垭滩")
	villageGood  = []string{"红星", "先锋", "光明", "团结", "和平", "胜利", "新民", "永安", "太平", "双河", "石桥", "金星", "民主", "联合", "前进", "五一", "合兴", "清泉", "三元", "高桥", "青龙", "白鹤", "黄龙", "金龙", "桂花", "大田", "长林", "柏木", "竹林", "天池", "花园", "松林", "凤凰", "马鞍", "观音", "石板", "新华", "复兴", "万福", "红光", "新桥", "同心", "友谊", "幸福", "向阳", "东风", "燎原", "建设"}
	communityEnd = []string{"苑", "路", "街", "园", "坊", "桥", "里", "湾", "庭"}
)

// placeName draws a two-character place name.
func placeName(r *rand.Rand) string {
	return string(placeFirst[r.IntN(len(placeFirst))]) + string(placeSecond[r.IntN(len(placeSecond))])
}

// uniqueName draws names from draw until one is not in used, and records it.
func uniqueName(used map[string]bool, draw func() string) string {
	for {
		n := draw()
		if !used[n] {
			used[n] = true
			return n
		}
	}
}

// villageName draws a village name such as 红星村 or 石桥村.
func villageName(r *rand.Rand) string {
	if chance(r, 0.35) {
		return villageGood[r.IntN(len(villageGood))] + "村"
	}
	return placeName(r) + "村"
}

// communityName draws a community name such as 金桥苑社区.
func communityName(r *rand.Rand) string {
	return placeName(r) + communityEnd[r.IntN(len(communityEnd))] + "社区"
}

// companyName draws the name of a local company that leases land or
// contracts with a village of district, in the city called city (its short
// name, e.g. "成都").
func companyName(r *rand.Rand, district, city string) string {
	place := strings.TrimSuffix(district, "新区")
	if place == district {
		place = string([]rune(district)[:len([]rune(district))-1])
	}
	trades := []string{"农业开发", "生态农业", "种植专业合作社", "农业科技", "建筑工程", "园林绿化", "旅游开发", "养殖", "物业管理", "商贸"}
	t := trades[r.IntN(len(trades))]
	if strings.HasSuffix(t, "合作社") {
		return place + placeName(r) + t
	}
	return city + placeName(r) + t + "有限公司"
}

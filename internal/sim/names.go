package sim

import (
	"fmt"
	"math/rand/v2"
)

// Name parts for a plausible Chinese dealer network. They are ordinary
// words and common surnames, combined at random.
var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强红梅海燕文斌宇浩凯鹏飞俊峰晓东亮林雪琳玉兰春梅金凤建华德胜永刚立新国庆卫东")
	brandChars = []rune("鑫盛达华兴隆丰源泰恒宏瑞祥通利顺昌福嘉安康茂信诚德中金新聚汇宝富永广佳正旺")
	trades     = []string{"建材", "五金", "家居建材", "水暖", "卫浴", "涂料", "管业", "照明", "电器", "门窗", "装饰材料", "防水材料", "陶瓷", "板材"}
	forms      = []string{"有限公司", "商贸有限公司", "贸易有限公司", "经营部", "建材商行", "实业有限公司"}
	mobilePre  = []string{"138", "139", "137", "136", "135", "150", "151", "152", "158", "159", "186", "187", "188", "189", "133", "153", "177", "180", "181"}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// personName returns a surname and a one- or two-character given name.
func personName(rng *rand.Rand) string {
	n := string(pick(rng, surnames)) + string(pick(rng, givenChars))
	if rng.IntN(10) < 7 {
		n += string(pick(rng, givenChars))
	}
	return n
}

// companyName returns a dealer's name such as 杭州鑫盛建材有限公司.
func companyName(rng *rand.Rand, city string) string {
	a, b := pick(rng, brandChars), pick(rng, brandChars)
	for b == a {
		b = pick(rng, brandChars)
	}
	trade, form := pick(rng, trades), pick(rng, forms)
	if form == "建材商行" {
		trade = ""
	}
	return city + string(a) + string(b) + trade + form
}

// mobile returns a Chinese mobile number.
func mobile(rng *rand.Rand) string {
	return fmt.Sprintf("%s%08d", pick(rng, mobilePre), rng.IntN(100_000_000))
}

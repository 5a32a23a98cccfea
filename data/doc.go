// Package data generates synthetic worlds for microrisk: the eleven ledgers
// of DESIGN.md's input contract, written as CSV, and truth.json, which names
// the high-risk units planted in them and the rows that carry each pattern.
//
//	truth, err := data.Generate(data.ChengduProfile(), 1, "out/")
//
// The same profile and seed give byte-identical files: every stage draws
// from its own PCG stream (math/rand/v2) keyed by the seed, nothing depends
// on map order or the clock.
//
// # The world
//
// A city (成都市, unit_id 510100) with its districts, counties and
// county-level cities (区(市)县, six-digit administrative codes such as
// 510104 锦江区) or, in the province profile, a province (四川省, 510000)
// with its cities and prefectures (510100 成都市 … 513400 凉山彝族自治州)
// and theirs; under each district its townships and streets (乡/镇/街道,
// 510104001); under each township its villages and communities (村/社区,
// 510104001001…) and then its grassroots stations and service windows
// (510104001901…): 民政办, 财政所, 农业服务中心, 国土所, 社保服务窗口, 便民服务中心,
// 卫生院 or 社区卫生服务中心, 中心小学, 城管执法中队, 市场监管所, 林业站, 水务站,
// 环保所, with kind station, window, school or hospital. Codes sort in tree
// order. Core districts have streets with communities, suburban ones a mix,
// rural ones towns and 乡 with villages.
//
// Population is the area's residents and sums up the tree (villages
// 1,000–5,000, communities 2,500–13,000, townships 20–80 thousand, the city
// about 16 million, the province 122 million: its townships are Chengdu's
// size, larger than most of Sichuan's); stations have none (null). Staff is the unit's own:
// 5–15 cadres in a village or community, 40–150 in a township, 8–60 in a
// station. Every scored unit (township, village, station) has a latent risk,
// log-normal with mean 1 and a district effect; it drives cases, reports,
// leads, tour findings and satisfaction.
//
// Every date lies between 2015-01-01 and 2017-05-31 (register start dates
// may be older). The seed's window is 2016-01-01 to 2017-05-31.
//
// People carry 18-character resident identity numbers (region of the
// district or, for one in ten, of another Sichuan prefecture; birth date;
// sequence odd for men, even for women; ISO 7064 MOD 11-2 check), Chinese
// names and a Luhn-valid 19-digit bank card. The same person keeps the same
// number in every ledger: payees, cadres and their relatives, approvers,
// counterparties, register entries. Companies carry unified social credit
// codes (GB 32100, valid check characters).
//
// # The ledgers
//
//   - units: the tree above.
//   - payments: benefits and special funds paid by villages, communities and
//     the paying stations. Programmes (payments.program):
//     dibao 最低生活保障金(低保), tekun 特困人员救助供养金, gaoling 高龄津贴,
//     canji 残疾人两项补贴, youfu 优抚对象抚恤补助 (monthly rosters); gengdi
//     耕地地力保护补贴, shengtai 生态公益林补偿 (yearly); fupin 产业扶贫到户资金,
//     linshi 临时救助金 (民政办), weifang 农村危房改造补助 (财政所), nongji 农机购置补贴
//     (农业服务中心), jiuye 就业创业补贴 (社保服务窗口) (one-off). Amounts are drawn
//     independently for every payment, log-normal with a programme-specific
//     median and a sigma of about 1, so that clean payments follow
//     Benford's law; about 1% are rounded anyway. Payees join and leave the
//     rosters; some leave because they die, and are then in the deceased
//     register from a day after their last payment. Amounts of 5,000 yuan
//     and more are approved by the township's deputy for civil affairs,
//     smaller ones by the village head or station chief (approver_id).
//   - assets: the collective "three assets" of villages and communities:
//     income, expenses, contracts, sales, leases of buildings, and leases
//     of farmland (category resources, with area_mu, term_years,
//     public_bidding, approved). A lease's amount_yuan is its first year's
//     rent; the rent per mu a year is amount_yuan / area_mu, about the
//     district's going price (District.LeasePrice) in clean villages.
//   - relations: the leading cadres of villages and stations (and of some
//     townships) with their spouses, children, parents and siblings.
//   - registers: deceased, public_employee (township and station cadres,
//     other state employees), cadre (village cadres), vehicle_owner,
//     property_owner, business_owner; owners are common among payees of
//     programmes that are not means-tested and rare among the others.
//   - inspections: routine tours on a five-year cycle with a phase of its
//     own for each unit (about half the units are toured in the window;
//     tours still under way on the last day have null findings), the
//     city's special tours of four districts in 2016, and one-day
//     unannounced visits, with a campaign in May 2017.
//   - reports: reports from the public against units, by channel and
//     category; accusation-type ones in proportion to population (villages)
//     or staff (townships, stations) × latent risk.
//   - leads: a quarter of the accusations, every lead an inspection passed
//     on (received on its last day), the departments' referrals, audits,
//     self-reports; key leads; status as of 2017-05-31 with the date closed
//     (销号) and the outcome.
//   - cases: filed over units by multinomial on staff × latent risk.
//   - actions: talks and accountability; an exposure for each exposed case;
//     democratic meetings and warning letters (工作提醒) after cases.
//   - surveys: the satisfaction index of every township, district, city
//     and the province for 2015 and 2016.
//
// # The seed's figures
//
// The chengdu profile reproduces the seed's figures exactly for the window
// (see Figures and ChengduFigures): 1,977 cases filed, 1,809 people
// sanctioned, 101 leaders held accountable, 835 cases exposed; 198 cases
// with 227 people sanctioned in law_enforcement, regulation, public_service
// and inaction, 35 and 46 in poverty_relief, benefits, special_funds,
// three_assets and land, 135 and 89 in education, health, food_safety and
// environment, every other case in domain other; 439 people talked to, 149
// held accountable; 673 key leads; accusation-type reports against
// townships, villages and stations down exactly 8.1% from 2015 (10,000) to
// 2016 (9,190); a city satisfaction index of 85.42 for 2016. It also
// reproduces the seed's smaller figures: 53 leads referred by departments,
// 112 leads from unannounced visits in May 2017, special tours finding
// 148 problems, passing on 51 leads, handling 58 people, and routine tours
// started in 2017 finding 487, 42 and 35. Fixed totals are allocated over
// units by multinomial draws weighted by size × latent risk, after the
// planted excess, so that the totals hold and planted units carry more.
//
// # Profiles
//
//   - small: three districts (武侯区, 郫都区, 蒲江县) of four townships each,
//     about 180 units, 45 thousand payments; the figures scaled to about
//     1/25 (not exact to the seed). Generates in well under a second.
//   - chengdu: the 22 districts, about 340 townships and streets, 4,200
//     villages and communities, 1,550 stations, 16 million people, 1.4
//     million payments; generates in seconds.
//   - province: Sichuan's 21 cities and prefectures and 185 districts
//     (Chengdu's as in chengdu, the others' names and sizes drawn once from
//     a fixed stream), about 2,770 townships, 37,000 villages and
//     communities, 12,500 stations (52,000 scored units), 10 million
//     payments and 14 million ledger rows in all; the figures are the
//     seed's scaled by the number of townships (about 8.1). Generates in
//     about half a minute, with 1.7 GB of memory (the people of the world:
//     payments are written unit by unit) and 1.3 GB of files.
//
// ScaledProfile(k) gives a world of k times Chengdu's townships, for the
// growth benchmark (cmd/mrscale). Every profile is drawn by the same code:
// a change to a mechanism or a decoy reaches them all.
//
// # Planted patterns
//
// About 4% of the scored units (5% in small, at least ten) are planted:
// their latent risk is raised 1.5–2.5× and each carries one to three
// patterns. Every pattern is planted at least once; payment patterns go only
// to units paying at least 240 payments a year, whose volume is then topped
// up to at least 300 (about 360) payments in the last twelve months, so
// that Benford's test has digits enough.
//
//   - case_excess: 3–5× the size-expected cases, at least three in the
//     window (so that on small units the excess is larger than 5×: a village
//     expects about 0.2 cases), and 3–5× the accusation-type reports; half
//     the units from 2015 on, half only from 2016 (a rise); their key leads
//     older than three months are mostly left open.
//   - benefit_relatives: three to six relatives of the unit's cadres paid its
//     means-tested benefit at generous amounts.
//   - register_match: two or three payees paid after their death, one or two
//     public employees paid a means-tested benefit.
//   - duplicate_payment: one payment in sixteen paid again days later in
//     the same month: same payee, programme and amount.
//   - split_amounts: amounts over 5,000 yuan paid in two to four parts of
//     4,500–4,999 (mostly 4,8xx–4,9xx) to one payee within days.
//   - round_amounts: half to two thirds of the amounts rounded to 100, 500
//     or 1,000 yuan; first-two-digit MAD two to four times what chance gives.
//   - shared_account: four to eight payees paid into one bank card, the
//     bookkeeper's or a cadre's relative's.
//   - lease_below_price: two to four farmland leases at 20–45% of the going
//     price, without public bidding, half for 35–70 years, 40% unapproved,
//     half to a cadre's relative.
//
// The clean world has its own noise, as real ledgers do: a few rounded
// amounts, a cadre's relative now and then leasing land fairly, vehicle and
// house owners among payees of programmes that allow them.
//
// # Benford and small samples
//
// Clean payments pooled conform closely (first-two-digit MAD about 0.0002,
// under Nigrini's 0.0022). A single unit with n payments shows a MAD of
// about 0.084/√n by chance alone (0.0048 at n = 300, 0.0022 only from
// n ≈ 1,450), so clean units with a few hundred payments sit above 0.0022
// although their digits are Benford's; the tests check that their MAD is
// what chance gives, and that planted round or split amounts stand well
// above it. A scorer should compare a unit's MAD with its chance level
// rather than with 0.0022.
package data

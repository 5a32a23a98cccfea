// Package data generates synthetic worlds for microrisk: the eleven ledgers
// of DESIGN.md's input contract, written as CSV, and truth.json, which names
// the high-risk units planted in them, the rows that carry each pattern,
// the date each unit's mechanisms start and what followed them, and the
// clean decoys whose rows look like abuse.
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
// Every unit has coordinates (units.longitude, units.latitude, degrees,
// six decimals): the districts at the seats of Chengdu's own (the core
// districts within 5 km of the centre, 104.06°E 30.67°N; the counties and
// county-level cities 30–90 km out); townships uniformly in a disc around
// their district's seat (5 km for a core district, 14 for a suburban one,
// 22 for a rural one); villages within 4 km and communities within 1.5 km
// of their township; stations at their township. A district that is not
// Chengdu's is placed around its prefecture's seat by its class.
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
//     (农业服务中心), jiuye 就业创业补贴 (社保服务窗口) (one-off); zaihai
//     受灾群众生活救助金 where a district pays disaster relief (see Decoys).
//     Amounts are drawn independently for every payment, log-normal with a
//     programme-specific median and a sigma of about 1, so that clean
//     payments follow Benford's law; about 1% are rounded anyway. Two
//     programmes pay fixed amounts, round by law, everywhere: gaoling by
//     age band (100 yuan a month at 80–89, 200 at 90–99, 300 from 100) and
//     canji by standard (50, 100, 150 or 200 yuan: a living subsidy of 100,
//     a care subsidy of 100 or 50, alone or together); truth.json's
//     programs list them (fixed_yuan, standard). A Benford or round-number
//     rule must leave them out or compare like with like. Payees join and
//     leave the rosters; some leave because they die, and are then in the
//     deceased register from a day after their last payment. Amounts of 5,000 yuan
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
//     programmes that are not means-tested, and no clean means-tested
//     programme (dibao, tekun, fupin, linshi, weifang) pays one.
//   - inspections: routine tours on a five-year cycle with a phase of its
//     own for each unit (about half the units are toured in the window;
//     tours still under way on the last day have null findings), the
//     city's special tours of four districts in 2016, and one-day
//     unannounced visits, with a campaign in May 2017.
//     problems_rectified (整改完成数) is at most problems_found: 80–100% of
//     the problems once half a year has passed since the tour ended, in
//     proportion before; null while a tour is under way.
//   - reports: reports from the public against units, by channel and
//     category; accusation-type ones in proportion to population (villages)
//     or staff (townships, stations) × latent risk. Half the accusations
//     against townships, villages and stations name the cadre accused
//     (accused_id, one of the unit's leading cadres); other reports name
//     nobody.
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
// patterns. Every pattern is planted at least once: one unit is designated
// for each pattern first (where the draw has fewer units than patterns, a
// unit takes a second designated pattern), the rest drawn by weight.
// Payment patterns (benefit_relatives to shared_account, owner_benefits
// and payee_concentration) go only to units paying at least 240 payments a
// year, whose volume is then topped up to at least 300 (about 360)
// payments in the last twelve months, so that Benford's test has digits
// enough.
//
// Each planted unit's mechanisms start on a day of their own (truth.json's
// start): four in five between 2015-01-01 and 2016-05-31, the rest by
// 2016-10-31. Its planted rows are dated from then on (monthly rosters
// from the start's month), so that scoring at a past date sees only what
// had begun.
//
//   - case_excess: 3–5× the size-expected cases from the start, at least
//     two a year (so that on small units the excess is larger than 5×: a
//     village expects about 0.2 cases), and 3–5× the accusation-type
//     reports, at least three a year; a start within the records makes a
//     rise; their key leads received after the start and older than three
//     months are mostly left open.
//   - benefit_relatives: three to six relatives of the unit's cadres paid its
//     means-tested benefit at generous amounts.
//   - register_match: two or three payees paid after their death (dying
//     10–120 days after the start), one or two public employees paid a
//     means-tested benefit.
//   - duplicate_payment: one payment in sixteen paid again days later in
//     the same month: same payee, programme and amount.
//   - split_amounts: amounts over 5,000 yuan paid in two to four parts of
//     4,500–4,999 (mostly 4,8xx–4,9xx) to one payee within days.
//   - round_amounts: three fifths to four fifths of the drawn amounts
//     rounded to 100, 500 or 1,000 yuan; first-two-digit MAD two to four
//     times what chance gives.
//   - shared_account: four to eight payees paid into one bank card, the
//     bookkeeper's or a cadre's relative's.
//   - lease_below_price: two to four farmland leases at 20–45% of the going
//     price, without public bidding, half for 35–70 years, 40% unapproved,
//     half to a cadre's relative.
//   - silent_unit: a village or station that also carries a payment or
//     lease pattern (its evidence is those rows) and that nobody watches:
//     no routine tour in the records (its last tour lies before 2015 and
//     the one due since is skipped), no unannounced visit, accusations and
//     other reports at a quarter of what a unit of its size draws, cases
//     at a low base rate, no referral or audit drawn to it, no excess;
//     until an audit finds it after mid-2016 (its outcomes). It carries
//     none of case_excess, repeat_reports, unrectified and
//     cases_after_reminder.
//   - owner_benefits: three to six owners of a car, a house or a business
//     (registered years before) enrolled in the unit's dibao or tekun
//     from the start.
//   - payee_concentration: two to four people paid the unit's fupin,
//     linshi or weifang again and again from the start, at twice the usual
//     amounts, at least six times each, until they have 70% as much as
//     everyone else was paid in that time (about two fifths of the
//     programme's money).
//   - year_end_rush: in each December after the start (from the 10th),
//     one-off payments five times the unit's monthly average of one-off
//     payments (at least ten) on top of the ordinary ones, and, in a
//     village or community, eight to fourteen collective expenses, a third
//     unapproved (a village books about half an expense a month).
//   - lease_to_relatives: two or three farmland leases to relatives of the
//     unit's cadres at 60–100% of the village's going price, seven in ten
//     without public bidding, and one or two contracts with them.
//   - repeat_reports: four to seven accusations against one cadre
//     (accused_id) in one domain over two to five months, each through
//     another channel (12388, web, letter, visit, WeChat).
//   - unrectified: a routine tour between the start and 2016-12-15 that
//     finds 6–14 problems, of which at most a fifth are rectified.
//   - cases_after_reminder: two cases, then a warning letter (工作提醒)
//     two to eight months after the start, then two to four cases filed
//     after it (the evidence: the letter and the cases after it).
//
// # Outcomes
//
// What a mechanism leads to follows months later, as in reality, where the
// ledger anomaly precedes the case: every planted unit has one or two
// cases filed against it from three to fourteen months after its start
// (truth.json's revealed is the first; a silent unit's come only after
// mid-2016), two thirds of them behind a key lead received one to four
// months before and closed with outcome case_filed on the day the case is
// filed (a silent unit's all by audit); half the units (silent ones
// excepted) also get an unannounced visit that finds problems; tours of a
// planted unit after its start find twice as much. truth.json lists these
// rows per unit (outcomes); the unit's cases at its base rate come on top.
// On the chengdu world (seed 1), 92% of the planted units have an outcome
// (a case filed, a lead confirmed, a tour or visit finding problems) in
// the twelve months after 2016-05-31 and 76% after 2016-11-30, against 33%
// and 21% of clean units and fewer of the decoys, and every pattern has
// units with outcomes after both dates. Clean units, decoys included,
// have outcomes at their base rate only.
//
// # Decoys
//
// DOMAIN.md's legitimate look-alikes, rows that a naive rule takes for
// abuse. Decoy units are clean (not planted, latent risk at most 1.25);
// truth.json lists each (decoys) with the rows that look suspicious.
//
//   - care_home: in one township in eight (at least one; rural townships
//     three times as often as streets), the care home's 10–40 residents
//     (敬老院, 集中供养) are paid tekun at the home's standard (600–850
//     yuan) every month into its one account, by the township's 民政办 or
//     else one of its villages; residents die or leave (1.5% a month) and
//     others take their beds.
//   - fixed_allowance: one village in 200 (at least two) with four times
//     the elderly and two and a half times the disabled of another: its
//     gaoling and canji, fixed by law, make most of its payments round.
//   - policy_amount: in one district (two in larger worlds), every eligible
//     household paid one policy amount just under the approval limit in a
//     period: disaster relief (zaihai) of 4,800 yuan by every 民政办, for
//     2–6 households per 1,000 residents over one to two and a half months
//     after a flood in 2015 or 2016; or a housing repair round (weifang)
//     of 4,500 yuan by every rural 财政所, 1–3 per 1,000, over three to
//     five months of 2016. One decoy per clean paying unit; planted units
//     of the district pay it too.
//   - district_campaign: in one district (two in larger worlds), a 12388
//     publicity drive (three or four months) or a 清仓起底 sweep (four to
//     six), starting between 2015-09 and 2016-09, during which reports of
//     every category against every unit of the district rise 2–3× (the
//     year's accusation totals stay the seed's; other districts draw a
//     little less). A campaign's extra reports seldom hold a lead (a report
//     becomes a lead with the usual chance divided by the rise), so leads
//     and cases stay at the base rate. The decoy is the district; its rows
//     are every report against its units received in the period.
//   - bulk_lease: one leasing village in 120 (at least two) leases 200–1,000
//     mu to a company for 10–30 years, by public bidding and approved, at
//     50–70% of its price per mu.
//
// The clean world has its own noise, as real ledgers do: a few rounded
// amounts, a cadre's relative now and then leasing land fairly, vehicle and
// house owners among payees of programmes that allow them, the same cadre
// named in accusations now and then.
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

// Package dashboards writes microrisk's self-contained HTML reports for one
// scoring run: index.html (the leadership overview), planner.html (ranking,
// funnel plot, tour plan, work reminders) and quality.html (batches loaded
// and rows rejected). Pages link to each other, are written in Chinese by
// default or in English, and work with no network: ECharts 5.4.3 is
// embedded (assets/README.md) and inlined into every page.
//
// # The headline period and figures
//
// The overview's period runs from January 1 of the year before the run's
// as-of year through the as-of date (see [HeadlinePeriod]); for as-of
// 2017-05-31 it is the seed's "2016 to the end of May 2017". Every figure is
// one named query in queries/, its name printed next to it on the page
// (data-query attribute and a "query:" footnote):
//
//   - cases_filed: cases with filed_on in the period;
//   - people_punished: sum of cases.sanctioned over those cases;
//   - leaders_accountable: sum of cases.leaders_accountable over them
//     (一案双查);
//   - cases_exposed: those cases with exposed = true;
//   - leader_talks: sum of actions.persons of kind 'talk' taken in the period
//     (an action without persons counts none);
//   - people_accountable: the same for kind 'accountability';
//   - key_leads: leads with key_lead = true received in the period;
//   - accusation_change: reports of category 'accusation' against units of
//     level township, village or station received in year Y = as-of year −
//     1, against year Y − 1, as a change in per cent (none when Y − 1 has no
//     report);
//   - satisfaction_city: surveys.index of the unit of level 'city' for
//     period "Y"; when the city has none, satisfaction_townships: the
//     townships' indices for "Y" weighted by respondents (the plain mean if
//     no township has a respondent count), and the page says so.
//
// The charts: monthly_cases (cases filed and people punished per month of
// the period), cases_by_domain (grouped into the seed's three clusters —
// service windows, law enforcement, regulation, inaction; poverty relief,
// benefits, special funds, three assets, land; education, health, food
// safety, environment — and other), district_ranking (per district: cases,
// cases per 100 staff, mean score, units in the high band; a unit's district
// is its ancestor of level 'district', from the view unit_district),
// funnel_points (units' observed cases
// over expected from the indicator cases_funnel_z, with the exact Poisson
// 95% and 99.8% limits of risk/stats.PoissonLimits) and batches_by_ledger.
// All query parameters are bound, never spliced into the SQL text.
//
// # Safety
//
// Chart options are built with go-echarts but only the option is taken and
// marshalled with encoding/json, which escapes <, > and &; it sits in a
// <script type="application/json"> element and the page parses it with
// JSON.parse. go-echarts' page renderer, which writes options unescaped and
// turns "__f__" strings into functions, is never used, and no option holds
// a function. All other text from the data goes through html/template.
// Pages show no person identifier: the tables read hold none, and reject
// samples are shown as ingest stored them (masked), with anything still
// shaped like a resident ID or an account number masked again. Files are
// written with mode 0600 through a temporary file and a rename, a new
// directory with mode 0700.
//
// Offline: the pages reference nothing outside themselves (no src, no
// external href, no CSS import); the only URL strings in them are six inside
// the unmodified library, listed in assets/README.md (licence comments and
// XML namespace names), which the tests audit.
package dashboards

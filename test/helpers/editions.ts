/** The newsroom fixture with a Russian edition, for the tests of editions. */
import { readFileSync } from "node:fs";
import path from "node:path";

const SITE = readFileSync(path.join(import.meta.dirname, "../fixtures/newsroom/_data/site.yaml"), "utf8");
export const article = (front: string, body: string) => `---\n${front.trim()}\n---\n${body}\n`;

/** The newsroom fixture with a Russian edition: two translations, a Russian original, a translated page. */
export const RUSSIAN_EDITION: Record<string, string> = {
  "_data/site.yaml": `${SITE}editions:\n  ru:\n    title: Газета\n    description: Тестовая редакция.\n`,
  "_data/categories.yaml":
    "industry:\n  name: {en: Industry, ru: Промышленность}\n  description: Plants and tooling.\nfinance:\n  name: Finance\ncity:\n  name: {en: City, ru: Город}\n",
  "articles/ru/zavod-otkrylsya.md": article(
    "title: Прокатный завод открылся после ремонта\ndate: 2026-10-01T10:30\ncategory: industry\nauthor: ivan-petrov\nlanguage: ru\ntranslationOf: plant-reopens",
    'Прокатный завод на севере города снова работает. Новая линия катает тонкий лист.\n\n![Цех прокатного завода](../../images/plant.png "Цех после ремонта")',
  ),
  "articles/ru/byudzhet.md": article(
    "title: Бюджет города прошёл второе чтение\ndate: 2026-10-05\ncategory: city\nauthor: olga-smirnova\nlanguage: ru\ntranslationOf: city-budget",
    "Депутаты приняли бюджет во втором чтении.",
  ),
  "articles/ru/tramvai.md": article(
    "title: Трамвайное депо переедет\ndate: 2026-11-10T09:00\ncategory: city\nauthor: olga-smirnova\nlanguage: ru",
    "Депо переедет на окраину; трамваи будут ходить по-прежнему.",
  ),
  "pages/o-nas.md": article(
    "title: О газете\nslug: o-nas\nlanguage: ru\ntranslationOf: about",
    "Мы тестовая редакция.",
  ),
};

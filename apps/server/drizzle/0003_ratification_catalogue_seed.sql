-- A starting excerpt of 《政府核准的投资项目目录》 (editable data, DOMAIN.md §3): an enterprise project whose GB/T 4754-2017
-- industry code starts with one of these prefixes is suggested 核准 instead of 备案. Provinces edit this table; the real
-- catalogue's scale thresholds are stated in `description` for the applicant.
INSERT INTO "ratification_catalogue" ("industry_prefix", "category", "description") VALUES
  ('N76', '水利', '水利工程：在跨界河流、跨省（区、市）河流上建设的水库项目，涉及跨省（区、市）水资源配置调整的项目'),
  ('D4413', '能源', '水电站：在跨界河流、跨省（区、市）河流上建设的单站总装机容量 50 万千瓦及以上项目'),
  ('D4411', '能源', '火电站（含自备电站）：由省级政府核准'),
  ('B06', '能源', '煤矿：国家规划矿区内新增年生产能力 120 万吨及以上煤炭开发项目'),
  ('G5631', '交通运输', '民用机场：新建运输机场项目'),
  ('C2511', '原材料', '石化：新建炼油及扩建一次炼油项目')
ON CONFLICT ("industry_prefix") DO NOTHING;

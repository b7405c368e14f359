"""Organisations, people and logins of the demo."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "kyoso-demo-2026"


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    name_ja: str
    short: str
    kind: str
    size: str = ""
    country: str = "JP"


ORGANISATIONS = [
    OrgSpec("lead", "Kita-Nihon University", "北日本大学", "Kita-Nihon U", "university"),
    OrgSpec("chubu", "Chubu Institute of Technology", "中部工業大学", "Chubu IT", "university"),
    OrgSpec("kansai", "Kansai Science University", "関西科学大学", "Kansai SU", "university"),
    OrgSpec("kyushu", "Kyushu Engineering University", "九州工学大学", "Kyushu EU", "university"),
    OrgSpec("asahi", "Asahi Devices Corporation", "旭デバイス株式会社", "Asahi Devices", "company", "large"),
    OrgSpec("boso", "Boso Motors Co., Ltd.", "房総モーターズ株式会社", "Boso Motors", "company", "large"),
    OrgSpec("chikuma", "Chikuma Semiconductor Inc.", "千曲半導体株式会社", "Chikuma Semi", "company", "sme"),
    OrgSpec("daisen", "Daisen Materials Corporation", "大山マテリアル株式会社", "Daisen Materials", "company", "large"),
    OrgSpec("echigo", "Echigo Sensors Co., Ltd.", "越後センサー株式会社", "Echigo Sensors", "company", "sme"),
    OrgSpec("fuji", "Fuji Mobility Systems Corporation", "富士モビリティシステムズ株式会社", "Fuji Mobility", "company", "large"),
    OrgSpec("kiso", "Kiso Robotics Co., Ltd.", "木曽ロボティクス株式会社", "Kiso Robotics", "company", "sme"),
    OrgSpec("global", "Global Photonics Inc.", "グローバル・フォトニクス社", "Global Photonics", "company", "large", "US"),
    OrgSpec("jst", "Japan Science and Technology Agency", "国立研究開発法人科学技術振興機構", "JST", "funding_agency"),
    OrgSpec("tlo", "Kita-Nihon TLO Co., Ltd.", "北日本TLO株式会社", "Kita-Nihon TLO", "tlo"),
]

# (key, family, given, family_ja, given_ja, organisation key, kind)
PEOPLE = [
    ("endo", "Endo", "Haruki", "遠藤", "春樹", "lead", "researcher"),
    ("sato", "Sato", "Yui", "佐藤", "結衣", "lead", "researcher"),
    ("suzuki", "Suzuki", "Daichi", "鈴木", "大地", "lead", "researcher"),
    ("takahashi", "Takahashi", "Mei", "高橋", "芽依", "chubu", "researcher"),
    ("tanaka", "Tanaka", "Ren", "田中", "蓮", "chubu", "researcher"),
    ("ito", "Ito", "Sakura", "伊藤", "さくら", "kansai", "researcher"),
    ("watanabe", "Watanabe", "Sota", "渡辺", "颯太", "kansai", "researcher"),
    ("yamamoto", "Yamamoto", "Aoi", "山本", "葵", "kyushu", "researcher"),
    ("nakamura", "Nakamura", "Kaito", "中村", "海斗", "asahi", "researcher"),
    ("kobayashi", "Kobayashi", "Hina", "小林", "陽菜", "boso", "researcher"),
    ("kato", "Kato", "Riku", "加藤", "陸", "chikuma", "researcher"),
    ("yoshida", "Yoshida", "Mio", "吉田", "美桜", "daisen", "researcher"),
    ("yamada", "Yamada", "Yuto", "山田", "悠斗", "echigo", "researcher"),
    ("sasaki", "Sasaki", "Rin", "佐々木", "凛", "fuji", "researcher"),
    ("ogawa", "Ogawa", "Kenta", "小川", "健太", "kiso", "researcher"),
    ("matsumoto", "Matsumoto", "Kenji", "松本", "健二", "lead", "staff"),
    ("inoue", "Inoue", "Naoko", "井上", "直子", "lead", "staff"),
    ("kimura", "Kimura", "Takeshi", "木村", "武", "asahi", "company_contact"),
    ("hayashi", "Hayashi", "Emi", "林", "恵美", "boso", "company_contact"),
    ("nishimura", "Nishimura", "Aya", "西村", "彩", "chubu", "staff"),
    ("mori", "Mori", "Shun", "森", "駿", "kiso", "company_contact"),
]

# username → (role, organisation key, person key, description)
LOGINS = {
    "ipoffice": ("ipoffice", "lead", "matsumoto", "IP office staff at the lead university — sees and changes everything"),
    "cpo": ("cpo", "lead", "inoue", "CPO of the opera-demo consortium — runs its pool, agreements and money"),
    "cpo-2": ("cpo", "chubu", "nishimura", "CPO of the smaller opera-second consortium — sees nothing of opera-demo"),
    "company-a": ("company", "asahi", "kimura", "Asahi Devices IP team — its own money, the non-confidential pool"),
    "company-b": ("company", "boso", "hayashi", "Boso Motors IP team — its own money, the pools of both consortia"),
    "company-c": ("company", "kiso", "mori", "Kiso Robotics IP team — a member of opera-second only"),
    "researcher": ("researcher", "lead", "endo", "Prof. Endo — the inventions he invented"),
    "auditor": ("auditor", None, None, "Auditor — reads everything, changes nothing"),
}

"""Builds chat.jsonl: a chat export made from the posts the seed report quotes (training-data/leadingqi-2023-01-31.jsonl).

The texts, authors and questions are the report's; the host's question posts use the report's question wording.
Times and the retweets are made up (the report gives neither per post): questions at fixed minutes from 19:00 GMT,
answers spread evenly after their question, and three retweets of the post the report calls the most liked and
retweeted. Run from the repository root: python3 samples/leadingqi-2023-01-31/make_chat.py
"""
import json
from datetime import datetime, timedelta, timezone

HOST = "@WarwickBSchool"
START = datetime(2023, 1, 31, 19, 0, tzinfo=timezone.utc)
QUESTIONS = {
    1: (0, "Q1. Let's have a poll about tweetchats! #LeadingQI #QIHour"),
    2: (5, "Q2. What does cultural readiness for change mean to you? #LeadingQI #QIHour"),
    3: (15, "Q3. What are the factors that create a receptive culture for change and how does (or should) your organisation nurture a receptive culture? #LeadingQI #QIHour"),
    4: (27, "Q4. What experience have you got of building cultural readiness for improvement? #LeadingQI #QIHour"),
    5: (39, "Q5. Asking for a friend: \u201cHelp! I work in a struggling organisation which is failing on finance, performance and clinical standards and is losing confidence of both staff who are leaving in droves and patients who are constantly sharing their concerns with the media. How do we start this sort of work?\u201d #LeadingQI #QIHour"),
    6: (50, "Q6. Last question of the night! What actions will you take away as a result of this tweetchat and/or as part of the learning from the NHS-VMI partnership? #LeadingQI #QIHour"),
}
RETWEETERS = ["@LouWaters_QI", "@MattDaleyUKRN", "@CharlotteNHSRN"]

coded = [json.loads(line) for line in open("training-data/leadingqi-2023-01-31.jsonl", encoding="utf-8")]
rows = []
for n, (minute, text) in QUESTIONS.items():
    rows.append({"author": HOST, "created_at": START + timedelta(minutes=minute), "question": f"Q{n}", "text": text})
    answers = [c for c in coded if c["question"] == f"Q{n}"]
    window = (QUESTIONS.get(n + 1, (60, ""))[0] - minute - 1) * 60
    for i, c in enumerate(answers):
        at = START + timedelta(minutes=minute + 1, seconds=int(i * window / max(1, len(answers))))
        rows.append({"author": c["author"], "created_at": at, "question": c["question"], "text": c["text"]})
        if c["id"] == "2023-01-31/q2-03":
            for k, who in enumerate(RETWEETERS):
                rows.append({"author": who, "created_at": at + timedelta(seconds=20 * (k + 1)), "question": c["question"], "text": f"RT {c['author']}: {c['text']}"})

rows.sort(key=lambda r: r["created_at"])
with open("samples/leadingqi-2023-01-31/chat.jsonl", "w", encoding="utf-8", newline="\n") as out:
    for i, r in enumerate(rows, 1):
        r = {"id": f"s{i:03d}", **r, "created_at": r["created_at"].strftime("%Y-%m-%dT%H:%M:%SZ")}
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(rows), "posts")

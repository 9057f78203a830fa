"""Word lists for subject comparison: stop words, an Arabic/French/English topic lexicon, ordinals."""

from __future__ import annotations

__all__ = ["STOPWORDS", "CONCEPTS", "ORDINALS", "EPISODE_WORDS", "CORRECTION_CUES"]

# Words that say nothing about the subject: function words, event boilerplate, calendar words,
# platforms, places of time zones, the kinds of organization ("منظمة", "centre": they name nobody).
# Written in surface form; normalized and stemmed at import.
STOPWORDS = """
في من الى إلى على عن مع حول عبر هذا هذه ذلك تلك التي الذي الذين كل او أو ثم قد لا ما ان أن إن كان كانت
يكون تكون بين بعد قبل عند حتى منذ لكم لكن كما اي أي وذلك الساعة ساعة يوم اليوم غدا غداً الليلة مساء مساءً
صباحا صباحاً ظهرا ظهراً ليلا بتوقيت توقيت غرينتش غرينيتش جرينتش مكة المكرمة القاهرة تونس الجزائر الرباط بيروت
عمان دمشق بغداد الرياض الدوحة الكويت المنامة مسقط طرابلس نواكشوط الخرطوم صنعاء القدس غزة رام الله أبوظبي دبي
المحلي محلي
ندوة الندوة ندوات ندوتنا ندوتها رقمية الرقمية افتراضية الافتراضية إلكترونية الكترونية الإلكترونية لقاء اللقاء لقاءنا
جلسة حوارية حوار_مفتوح محاضرة المحاضرة ورشة الورشة ورشة_عمل بث البث مباشر المباشر مباشرة منصة المنصة تطبيق رابط
الرابط الرابط_التالي التسجيل للتسجيل سجل سجلوا للمشاركة المشاركة مشاركة بمشاركة ندعوكم يدعوكم تدعوكم تدعو يدعو
يسر يسرنا تتشرف يتشرف دعوة دعوتكم لحضور حضور متابعة لمتابعة تابعوا تابعونا انضموا انضم شاركونا موعدنا موعد
تنظم ينظم تنظيم نظم نظمت ينظمها بعنوان عنوان تحت موضوع الموضوع إطار اطار ضمن سلسلة السلسلة برنامج البرنامج
زوم زووم Zoom فيسبوك فايسبوك الفيسبوك يوتيوب اليوتيوب تيمز غوغل جوجل ميت لايف صفحة صفحتنا الصفحة الرسمية قناة
قناتنا تيليغرام تلغرام الإنترنت الانترنت الشبكة
تذكير نذكر نذكركم بعد_قليل قليل ساعات دقائق الآن
تأجيل تاجيل تأجل أجلت مؤجل إلغاء الغاء ألغي ملغى ملغاة إلغائها تقرر قرر قررنا نعلمكم نعلن يعلن تعلن إعلان اعلان
المقررة المقرر مقررة كانت سابقا جديد الجديد الموعد ظروف لظروف طارئة خارجة إرادتنا نعتذر عذر
السبت الأحد الاحد الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة
يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر
جانفي فيفري أفريل ماي جوان جويلية أوت اوت
كانون الثاني شباط آذار اذار نيسان أيار ايار حزيران تموز آب تشرين الأول الاول أيلول ايلول
يوليوز غشت شتنبر نونبر دجنبر
الأولى الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة الحادية عشرة
le la les l de des du d un une et en au aux à a pour par sur avec dans ce cette ces est sont nous vous
notre nos votre vos son sa ses leur qui que quoi dont ou où il elle on se s y ne pas plus
webinaire webinar webinaires séminaire seminaire séminaire_en_ligne conférence conference visioconférence
en_ligne ligne live direct diffusion diffusé retransmission table ronde rencontre session atelier
inscription inscrivez inscriptions lien ici suivre suivez rejoignez rejoindre participez participer invitation
invite invitons organise organisé organisée organisent organisation thème intitulé intitulée autour
heure heures h min gmt utc tunis alger rabat casablanca caire beyrouth amman
lundi mardi mercredi jeudi vendredi samedi dimanche
janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
rappel aujourd aujourd_hui ce_soir soir demain matin report reporté reportée reportee annulé annulée annulation
nouvelle date prévu prévue prevue initialement changement raisons indépendantes volonté excusons
the of and to in on for with at by from an is are be this that our your we you it its as
online virtual webinar webinars live stream streaming broadcast join register registration link here
watch us invites invite invited organizes organized hosts hosting titled entitled about session talk
panel discussion event time pm am
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
reminder today tonight tomorrow postponed cancelled canceled rescheduled new date originally scheduled
facebook youtube zoom teams google meet telegram page channel microsoft partenariat partnership partner partenaire
نذكركم بموعدنا تفوتوا لا_تفوتوا
منظمة المنظمة منظمات مؤسسة المؤسسة مركز المركز حركة الحركة هيئة الهيئة تجمع التجمع اتحاد الاتحاد مرصد المرصد
منتدى المنتدى fondation foundation centre center mouvement movement réseau network observatoire observatory forum
"""

# Topic concepts shared by the three languages: each line is one concept, first word its id.
# A word of any of the lines maps (after normalization and stemming) to the concept id, so
# "الحوار الاجتماعي" and "dialogue social" share two tokens.
# Forms are single words: every word of a form maps on its own, so a phrase such as "غير المنظم"
# (informal) would make every "منظمة" (organization) informal, and "aux" of "éducation aux médias" a topic.
CONCEPTS = """
dialogue: حوار الحوار dialogue dialog
social: اجتماعي الاجتماعية الاجتماعي social sociale sociaux
union: نقابي النقابي النقابية نقابة النقابات نقابات syndicat syndical syndicale syndicalisme syndicats union unions
work: عمل العمل الشغل شغل travail labour labor work
worker: عمال العمال عامل الشغالين العاملات travailleurs travailleuses ouvriers workers
future: مستقبل المستقبل avenir futur future
woman: المرأة امرأة النساء نساء النسائية femme femmes women woman
right: حقوق الحقوق حق right rights droit droits قانون القانون القوانين law loi lois
human: الإنسان الانسان humains humain human
freedom: حرية الحرية الحريات حريات liberté libertés liberte libertes freedom freedoms
press: الصحافة صحافة الإعلام الاعلام إعلام presse media médias journalism
expression: التعبير تعبير expression
election: الانتخابات انتخابات الانتخابية انتخابي élections elections électoral electoral election
constitution: الدستور دستور constitution constitutionnel
reform: إصلاح اصلاح الإصلاحات إصلاحات réforme réformes reforme reform reforms
youth: الشباب شباب الشبابية jeunesse jeunes youth young
participation: participation
political: السياسية السياسي سياسي سياسية politique politiques political politics
economy: الاقتصاد اقتصاد الاقتصادي الاقتصادية économie économique economie economique economy economic
crisis: أزمة الأزمة ازمة crise crisis
inflation: التضخم تضخم inflation
price: الأسعار أسعار prix prices
wage: الأجور أجور الأجر رواتب salaires salaire wages wage salaries
minimum: الأدنى الادنى minimum
energy: الطاقة طاقة الطاقي الطاقية énergie énergétique energie energy
transition: الانتقال انتقال transition
climate: المناخ مناخ المناخي المناخية climat climatique climate
change: التغير تغير التغيرات changement change
water: المياه مياه الماء eau water
environment: البيئة البيئي البيئية environnement environnemental environment environmental
health: الصحة صحة الصحي الصحية santé sante health
education: التعليم تعليم التربية éducation education enseignement teaching
school: المدرسة المدارس مدرسة école ecole schools school
university: الجامعة الجامعي الجامعية université universite university
student: الطلبة الطلاب طلاب étudiants etudiants students student
migration: الهجرة هجرة المهاجرين المهاجرون مهاجرين migration migrants migrant immigration
refugee: اللاجئين اللاجئون لاجئين réfugiés refugies refugees refugee
citizenship: المواطنة مواطنة citoyenneté citoyennete citizenship
civil: المدني مدني المدنية civile civil
society: المجتمع مجتمع société societe society
democracy: الديمقراطية ديمقراطية الديموقراطية démocratie democratie democracy democratic
transparency: الشفافية شفافية transparence transparency
corruption: الفساد فساد corruption
governance: الحوكمة حوكمة gouvernance governance
local: المحلية محلية locale locales local
decentralization: اللامركزية لامركزية décentralisation decentralisation decentralization
budget: الميزانية ميزانية budget
finance: المالية مالية المالي finances finance financial
tax: الضرائب ضرائب الجبائي الجبائية الضريبية fiscalité fiscalite fiscal tax taxation
debt: الديون ديون المديونية الدين dette dettes debt
justice: العدالة عدالة justice
violence: العنف عنف violence
gender: النوع الجندر genre gender
equality: المساواة مساواة égalité egalite equality
disability: الإعاقة الاعاقة handicap disability disabilities
child: الطفل الأطفال أطفال الطفولة enfant enfants enfance child children childhood
protection: حماية الحماية protection
security: الأمن أمن الأمني sécurité securite security
food: الغذائي الغذاء غذاء alimentaire food
agriculture: الفلاحة الزراعة زراعة الفلاحي الزراعي agriculture agricole farming
farmer: الفلاحين المزارعين فلاحين agriculteurs paysans farmers
peace: السلام سلام paix peace
war: الحرب حرب guerre war
palestine: فلسطين الفلسطيني الفلسطينية palestine palestinien palestinienne palestinian
gaza: غزة gaza
sudan: السودان السوداني sudan soudan soudanais soudanaise sudanese
syria: سوريا السوري syrie syria syrien syrienne syrian
yemen: اليمن اليمني yémen yemen yéménite yemenite yemeni
lebanon: لبنان اللبناني liban lebanon libanais libanaise lebanese
iraq: العراق العراقي irak iraq irakien irakienne iraqi
tunisia: التونسي التونسية tunisie tunisien tunisienne tunisia tunisian
morocco: المغرب المغربي المغربية maroc marocain marocaine morocco moroccan
algeria: الجزائري الجزائرية algérie algerie algérien algerien algeria algerian
egypt: مصر المصري المصرية égypte egypte égyptien egypt egyptian
jordan: الأردن الاردن الأردني jordanie jordan jordanien jordanienne jordanian
libya: ليبيا الليبي libye libya libyen libyenne libyan
maghreb: المغاربي المغاربية maghreb maghrébin maghrebin
arab: العربي العربية العرب arabe arabes arab
region: المنطقة منطقة الإقليمي région region regional
national: الوطني الوطنية national nationale
international: الدولي الدولية international internationale
digital: الرقمي الرقمنة الرقمنه numérique numerique digital
technology: التكنولوجيا التقنية technologie technology tech
artificial: الاصطناعي الاصطناعية اصطناعي artificielle artificial
intelligence: الذكاء ذكاء intelligence
data: البيانات المعطيات données donnees data
privacy: الخصوصية خصوصية privacy
cyber: السيبراني السيبرانية cyber cybersécurité
employment: التشغيل التوظيف emploi employment jobs
unemployment: البطالة بطالة chômage chomage unemployment
poverty: الفقر فقر pauvreté pauvrete poverty
inequality: اللامساواة الفوارق inégalités inegalites inequality inequalities
development: التنمية تنمية développement developpement development
sustainable: المستدامة مستدامة durable sustainable
housing: السكن سكن logement housing
transport: النقل نقل transport transports
public: العمومي العمومية العامة عمومي public publique
service: المرفق الخدمات خدمات service services
privatization: الخوصصة الخصخصة privatisation privatization
protest: الاحتجاج الاحتجاجات الحراك protestation protestations protest protests
strike: الإضراب اضراب الإضرابات grève greve strike strikes
negotiation: المفاوضات مفاوضات التفاوض négociation négociations negociations negotiation negotiations
collective: الجماعية جماعية collective collectives
agreement: الاتفاقية اتفاقية الاتفاق accord accords agreement agreements convention
pension: التقاعد تقاعد retraite retraites pension pensions retirement
insurance: التأمين التامين الضمان assurance insurance
coverage: التغطية تغطية couverture coverage
informal: الموازي الموازية informel informelle informal
sector: القطاع قطاع secteur sector
private: الخاص خاص privé prive private
trade: التجارة تجارة commerce trade
investment: الاستثمار استثمار investissement investment
parliament: البرلمان برلمان parlement parliament
party: الحزب حزب الأحزاب parti partis party parties
opposition: المعارضة معارضة opposition
coalition: التحالف تحالف الائتلاف coalition alliance
program: programme program
vision: رؤية الرؤية vision
strategy: استراتيجية الاستراتيجية stratégie strategie strategy
challenge: تحديات التحديات تحدي défis defis enjeux challenges challenge
opportunity: فرص الفرص opportunités opportunites opportunities
role: دور الدور rôle role
memory: الذاكرة ذاكرة mémoire memoire memory
history: التاريخ تاريخ histoire history
culture: الثقافة ثقافة الثقافي الثقافية culture culturel culturelle cultural
language: اللغة لغة langue language
identity: الهوية هوية identité identite identity
religion: الدين الديني religion religieux
prison: السجون السجناء سجن prison prisons prisoners détenus
detention: الحبس حبس الاحتجاز احتجاز الاعتقال اعتقال الموقوفين détention detention incarceration emprisonnement
trial: المحاكمة محاكمة المحاكمات محاكمات procès proces trial trials
judiciary: القضاء قضاء القضائي القضائية القضاة القاضي magistrature magistrats juges judiciaire judiciary judicial judges
independence: استقلال استقلالية الاستقلالية indépendance independance independence independent
collapse: الانهيار انهيار effondrement collapse
cost: غلاء الغلاء الكلفة تكلفة cherté cherte coût cout cost
purchasing: الشرائية الشرائيه achat purchasing
family: الأسر الأسرة أسرة العائلات العائلة عائلات famille familles ménages menages family families households household
torture: التعذيب تعذيب torture
death: الإعدام الاعدام
penalty: عقوبة العقوبة عقاب العقاب peine penalty punishment
disappearance: الاختفاء القسري disparitions disparition forcée disappearance disappearances enforced
fake: المضللة التضليل الزائفة désinformation desinformation disinformation fake
news: الأخبار أخبار informations news
access: النفاذ الولوج الوصول accès acces access
information: المعلومة المعلومات information
reading: القراءة قراءة المطالعة reading
ramadan: رمضان رمضاني الرمضاني الرمضانية رمضانية ramadan ramadhan
gulf: الخليج الخليجي الخليجية خليجي خليجية golfe gulf
accountability: المساءلة مساءلة المحاسبة محاسبة redevabilité redevabilite accountability
reconstruction: الإعمار الاعمار إعمار reconstruction rebuilding
diaspora: المغتربين المغتربون الاغتراب الجالية الجاليات المهجر diaspora expatriés expatries expatriates
municipal: البلدية البلديات البلدي بلدية municipales municipal municipalités municipalites municipality municipalities
theatre: المسرح مسرح المسرحي théâtre theatre theater
volunteering: التطوع تطوع التطوعي التطوعية bénévolat benevolat volontariat volunteering volunteers
cinema: السينما سينما الفيلم فيلم الأفلام cinéma cinema film films
rural: الريف الريفية الريفيات ريفية rural rurale rurales
drought: الجفاف جفاف sécheresse secheresse drought
accident: الحوادث حوادث accidents accident
nurse: الممرضين الممرضات التمريض infirmiers infirmières infirmieres nurses nursing
doctor: الأطباء الاطباء طبيب médecins medecins doctors physicians
teacher: المعلمين المعلمات المعلم الأساتذة الاساتذة enseignants enseignantes teachers
engineer: المهندسين المهندسون مهندسين ingénieurs ingenieurs engineers
journalist: الصحفيين الصحفيات الصحافيين journalistes journalists
lawyer: المحامين المحاماة محامين avocats lawyers
saudi: السعودية السعودي saoudite saoudien saudi
qatar: القطري القطرية qatari
emirates: الإمارات الاماراتي الإماراتية émirats emirats emirates emirati
mauritania: موريتانيا الموريتاني الموريتانية mauritanie mauritanien mauritania mauritanian
"""

# Ordinal words -> number, for episode numbers ("الحلقة الثالثة", "troisième épisode", "part two").
ORDINALS = {
    "الاولى": 1, "الاول": 1, "الثانيه": 2, "الثاني": 2, "الثالثه": 3, "الثالث": 3, "الرابعه": 4, "الرابع": 4,
    "الخامسه": 5, "الخامس": 5, "السادسه": 6, "السادس": 6, "السابعه": 7, "السابع": 7, "الثامنه": 8, "الثامن": 8,
    "التاسعه": 9, "التاسع": 9, "العاشره": 10, "العاشر": 10,
    "premier": 1, "premiere": 1, "1er": 1, "1re": 1, "deuxieme": 2, "second": 2, "seconde": 2, "troisieme": 3,
    "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10,
    "first": 1, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "واحد": 1, "اثنان": 2, "ثلاثه": 3, "اربعه": 4, "خمسه": 5,
}

# Words that introduce an episode / part / edition number of a series (normalized forms).
EPISODE_WORDS = (
    "الحلقه", "حلقه", "الجزء", "جزء", "الجلسه", "العدد", "الدوره", "دوره", "اللقاء", "الموسم",
    "دورتها", "دورته", "حلقتها", "حلقته", "النسخه", "نسخه", "نسختها", "نسخته", "الطبعه", "طبعتها",
    "episode", "ep", "part", "partie", "session", "edition", "numero", "no", "saison", "season", "volet",
)

# A scheduled-looking notice that moves an event: "تعديل الموعد", "rectificatif", "time change".
CORRECTION_CUES = (
    "تصحيح", "تعديل", "تغيير موعد", "تغيير الموعد", "موعد جديد", "الموعد الجديد", "بدلا من", "عوضا عن",
    "توضيح", "تنويه", "استدراك",
    "rectificatif", "rectification", "correction", "changement d'horaire", "nouvel horaire", "nouvelle heure",
    "time change", "new time", "corrected", "instead of", "clarification",
)

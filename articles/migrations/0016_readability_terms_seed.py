"""Seed the readability term list with common drug and condition names (admins add more).
Their history starts with the first change an admin makes (as the flat pages' does)."""

from django.db import migrations

DRUGS = """
acetaminophen paracetamol ibuprofen naproxen diclofenac celecoxib aspirin codeine tramadol
oxycodone morphine hydrocodone fentanyl buprenorphine methadone gabapentin pregabalin
duloxetine amitriptyline nortriptyline cyclobenzaprine tizanidine baclofen methocarbamol
diazepam lidocaine capsaicin prednisone prednisolone dexamethasone hydrocortisone
amoxicillin penicillin phenoxymethylpenicillin azithromycin clarithromycin doxycycline
cephalexin cefuroxime ciprofloxacin levofloxacin nitrofurantoin trimethoprim
metronidazole clindamycin omeprazole pantoprazole lansoprazole ranitidine famotidine
loperamide metoclopramide ondansetron metformin insulin gliclazide sitagliptin
empagliflozin dapagliflozin semaglutide liraglutide atorvastatin simvastatin rosuvastatin
amlodipine lisinopril ramipril enalapril losartan valsartan candesartan bisoprolol
metoprolol atenolol propranolol furosemide hydrochlorothiazide indapamide spironolactone
warfarin apixaban rivaroxaban dabigatran edoxaban heparin clopidogrel levothyroxine
salbutamol albuterol budesonide fluticasone beclometasone montelukast tiotropium
cetirizine loratadine fexofenadine diphenhydramine chlorphenamine pseudoephedrine
sertraline fluoxetine citalopram escitalopram paroxetine venlafaxine mirtazapine
bupropion lithium quetiapine olanzapine risperidone aripiprazole haloperidol lorazepam
zolpidem melatonin sumatriptan rizatriptan topiramate levetiracetam lamotrigine
valproate carbamazepine phenytoin allopurinol colchicine methotrexate hydroxychloroquine
adalimumab etanercept infliximab oseltamivir aciclovir acyclovir valaciclovir
fluconazole terbinafine clotrimazole miconazole benzydamine flurbiprofen
"""

CONDITIONS = """
osteoarthritis arthritis fibromyalgia sciatica radiculopathy spondylosis scoliosis
osteoporosis tendinopathy tendinitis bursitis pharyngitis tonsillitis laryngitis
sinusitis otitis bronchitis bronchiolitis pneumonia influenza asthma emphysema
hypertension hypotension hyperlipidemia hypercholesterolemia diabetes hypothyroidism
hyperthyroidism atherosclerosis arrhythmia tachycardia bradycardia endocarditis
pericarditis myocarditis thrombosis embolism dementia migraine epilepsy neuropathy
depression schizophrenia anxiety insomnia gastroenteritis gastritis appendicitis
cholecystitis pancreatitis hepatitis cirrhosis diverticulitis colitis dermatitis
eczema psoriasis cellulitis impetigo conjunctivitis glaucoma cataract mononucleosis
meningitis encephalitis sepsis anaphylaxis anemia leukemia lymphoma melanoma carcinoma
myelopathy spondylolisthesis
"""


def seed(apps, schema_editor):
    Term = apps.get_model("articles", "ReadabilityTerm")
    for kind, words in (("drug", DRUGS), ("condition", CONDITIONS)):
        for word in sorted(set(words.split())):
            Term.objects.get_or_create(term=word, defaults={"kind": kind})


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_readability_terms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

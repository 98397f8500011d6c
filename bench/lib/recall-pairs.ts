// The retrieval benchmark's answer-quality set: questions as a learner would ask them, each with the
// passage that answers it (worded differently: shared words are what full-text search can use) and
// distractors that share some of the question's words without answering it. bench/retrieval.ts
// plants them among the synthetic chunks (padded to a chunk's length with the same rare-term filler),
// where the synthetic chunks' topic words (light, cell, water, carbon, acid, limit…) compete too.
// Fixed: change it only with a note in PERFORMANCE.md, since recall@5 is compared against it.
export interface RecallPair {
  question: string;
  passage: string;
  distractors: string[];
}

export const RECALL_PAIRS: RecallPair[] = [
  {
    question: 'Why do plants look green?',
    passage:
      'Chlorophyll absorbs mostly red and blue light and reflects green wavelengths, which is why the leaves of most plants look green.',
    distractors: ['Green algae live in ponds and lakes, where they can turn the water green in summer.'],
  },
  {
    question: 'Where in the plant cell does photosynthesis happen?',
    passage:
      'Photosynthesis takes place inside chloroplasts, organelles found mainly in the mesophyll cells of a leaf.',
    distractors: ['A plant cell has a rigid cell wall made of cellulose outside its membrane.'],
  },
  {
    question: 'What does the Calvin cycle produce?',
    passage:
      'In the Calvin cycle carbon dioxide is fixed by rubisco, and the cycle produces glyceraldehyde 3-phosphate, which the plant turns into glucose.',
    distractors: ['The water cycle moves water between oceans, air and land through evaporation and rain.'],
  },
  {
    question: 'How do plants lose water through their leaves?',
    passage:
      'Transpiration is the evaporation of water from leaves, mostly through the stomata, tiny pores that open to let carbon dioxide in.',
    distractors: ['Plants need water to keep their cells firm; without enough of it they wilt.'],
  },
  {
    question: 'Where is most ATP made in the cell?',
    passage:
      "Most of a cell's ATP is made in the mitochondria, where the electron transport chain drives ATP synthase.",
    distractors: ['ATP is the energy currency of the cell and is spent by muscles as they contract.'],
  },
  {
    question: 'What happens to pyruvate when there is no oxygen?',
    passage:
      'Without oxygen, pyruvate is converted to lactate in muscle cells or to ethanol in yeast, which regenerates NAD+ so glycolysis can go on.',
    distractors: ['Glycolysis splits one glucose molecule into two molecules of pyruvate in the cytoplasm.'],
  },
  {
    question: 'What is the Krebs cycle for?',
    passage:
      'The citric acid cycle, also called the Krebs cycle, oxidises acetyl-CoA to carbon dioxide and captures the energy released in NADH and FADH2 for the electron transport chain.',
    distractors: ['Hans Krebs won the Nobel Prize in 1953 for his work on metabolism.'],
  },
  {
    question: "What's the difference between osmosis and diffusion?",
    passage:
      'Diffusion is the net movement of any particles from high to low concentration; osmosis is the special case of water moving across a partially permeable membrane.',
    distractors: ['Oxygen enters the blood by diffusion across the thin walls of the alveoli.'],
  },
  {
    question: 'Why does a red blood cell burst in pure water?',
    passage:
      'In distilled water red blood cells take in water by osmosis until they swell and burst, because animal cells have no wall to resist the pressure.',
    distractors: ['Red blood cells carry oxygen bound to haemoglobin and have no nucleus.'],
  },
  {
    question: 'What does the cell membrane do?',
    passage:
      'The plasma membrane is a phospholipid bilayer that controls what enters and leaves the cell and carries receptors for signals.',
    distractors: [
      'The thylakoid membrane holds the photosystems and the electron transport chain of the chloroplast.',
    ],
  },
  {
    question: 'How is DNA copied before a cell divides?',
    passage:
      'Before a cell divides its DNA is replicated: helicase unzips the double helix and DNA polymerase builds a new strand on each old one.',
    distractors: ['Mitochondria have their own small circular DNA, inherited from the mother.'],
  },
  {
    question: 'What is a recessive allele?',
    passage:
      'An allele is recessive when its effect is hidden in a heterozygote: it shows in the phenotype only when an organism carries two copies.',
    distractors: [
      'Each gene can have several alleles, such as the A, B and O alleles of the blood group gene.',
    ],
  },
  {
    question: 'How can a mutation cause a disease?',
    passage:
      'A point mutation can change one amino acid in a protein; in sickle-cell disease a single substitution makes haemoglobin clump and deforms red cells.',
    distractors: ['Many diseases are caused by bacteria or viruses rather than by faulty genes.'],
  },
  {
    question: 'What do ribosomes do?',
    passage:
      'Ribosomes read messenger RNA three bases at a time and join amino acids into a polypeptide chain: this is translation.',
    distractors: [
      'Ribosomes are found free in the cytoplasm or attached to the rough endoplasmic reticulum.',
    ],
  },
  {
    question: 'Why does ice float on water?',
    passage:
      'Ice is less dense than liquid water because hydrogen bonds lock the molecules into an open lattice, so ice floats.',
    distractors: ['Water boils at 100 degrees Celsius at sea level and at lower temperatures up a mountain.'],
  },
  {
    question: "What is Newton's second law?",
    passage:
      "Newton's second law says that the net force on an object equals its mass times its acceleration, F = ma.",
    distractors: [
      "Newton's law of cooling says an object loses heat at a rate proportional to the temperature difference.",
    ],
  },
  {
    question: 'Why is the sky blue?',
    passage:
      'Sunlight is scattered by the molecules of the air, and short blue wavelengths scatter far more than red ones, so the sky looks blue by day.',
    distractors: ['Blue whales are the largest animals that have ever lived.'],
  },
  {
    question: 'How does a lens focus light?',
    passage:
      'A convex lens refracts parallel rays of light so that they meet at the focal point; the more curved the lens, the shorter its focal length.',
    distractors: ['Light travels at about 300,000 kilometres per second in a vacuum.'],
  },
  {
    question: 'What is kinetic energy?',
    passage:
      'Kinetic energy is the energy an object has because it moves: half its mass times the square of its speed.',
    distractors: ['Energy cannot be created or destroyed, only transferred from one store to another.'],
  },
  {
    question: 'What makes something an acid?',
    passage:
      'An acid is a substance that donates hydrogen ions, protons, in water, which is why acidic solutions have a pH below 7.',
    distractors: ['Citric acid gives lemons and limes their sour taste.'],
  },
  {
    question: 'How do catalysts speed up reactions?',
    passage:
      'A catalyst offers another reaction pathway with a lower activation energy, so more collisions succeed and the reaction runs faster without the catalyst being used up.',
    distractors: [
      'Enzymes are biological catalysts made of protein.',
      'The speed of a reaction can be measured by timing how long a gas takes to form.',
    ],
  },
  {
    question: 'Why do metals conduct electricity?',
    passage:
      'In a metal the outer electrons are delocalised and free to move through the lattice, so metals conduct electricity and heat well.',
    distractors: ['Most electricity is generated in power stations by steam turning turbines.'],
  },
  {
    question: 'What is an isotope?',
    passage:
      'Isotopes are atoms of the same element with the same number of protons but different numbers of neutrons, such as carbon-12 and carbon-14.',
    distractors: ['Radioactive isotopes are used in medicine to trace the flow of blood.'],
  },
  {
    question: 'What does a derivative tell you?',
    passage:
      'The derivative of a function at a point is the slope of its tangent there: the instantaneous rate of change.',
    distractors: ['Financial derivatives are contracts whose value depends on an underlying asset.'],
  },
  {
    question: 'How do I find the area under a curve?',
    passage:
      'The definite integral of a function between two limits gives the area under its curve: antidifferentiate, then subtract.',
    distractors: [
      'The area of a circle is pi times the square of its radius.',
      'A learning curve shows how a skill improves with practice.',
    ],
  },
  {
    question: 'What does it mean for a limit to exist?',
    passage:
      'A limit exists at a point when the function approaches the same value from the left and from the right.',
    distractors: ['The speed limit on most motorways is 70 miles an hour.'],
  },
  {
    question: 'When is a number prime?',
    passage:
      'A prime number has exactly two divisors, 1 and itself: 2, 3, 5, 7 and 11 are prime, and 1 is not.',
    distractors: [
      'The prime minister leads the government.',
      'The number of chromosomes in a human body cell is 46.',
    ],
  },
  {
    question: 'How do you solve a quadratic equation?',
    passage:
      'Any quadratic ax² + bx + c = 0 can be solved with the formula x = (−b ± √(b² − 4ac)) / 2a, or by factorising, or by completing the square.',
    distractors: ['The equation of a straight line is y = mx + c.'],
  },
  {
    question: 'Why did the Roman Empire fall?',
    passage:
      'Historians put the fall of the Western Roman Empire in 476 down to many causes: civil wars, a weakened economy, overstretched borders and pressure from migrating peoples.',
    distractors: ['The Roman road network stretched for over 80,000 kilometres.'],
  },
  {
    question: 'What caused the First World War?',
    passage:
      'The assassination of Archduke Franz Ferdinand in 1914 triggered the First World War, but alliances, militarism and imperial rivalry were its deeper causes.',
    distractors: ['The Second World War ended in Europe in May 1945.'],
  },
  {
    question: 'What does inflation do to my savings?',
    passage:
      'When prices rise faster than the interest a savings account pays, inflation erodes the real value of the money saved.',
    distractors: ['Cosmic inflation is the theory that the early universe expanded extremely fast.'],
  },
  {
    question: 'How do earthquakes happen?',
    passage:
      'Earthquakes happen when stress builds up where tectonic plates meet and the rock suddenly slips along a fault, releasing energy as seismic waves.',
    distractors: ['Most earthquakes are too small to be felt by people.'],
  },
  {
    question: 'How does the heart pump blood around the body?',
    passage:
      "The heart's ventricles contract to push blood out: the right side sends it to the lungs and the left side pumps it around the body through the aorta.",
    distractors: ['Blood is made of plasma, red cells, white cells and platelets.'],
  },
  {
    question: 'What do white blood cells do?',
    passage:
      'White blood cells defend the body: phagocytes engulf bacteria and lymphocytes make antibodies against specific antigens.',
    distractors: ['White light is a mixture of all the colours of the visible spectrum.'],
  },
];
